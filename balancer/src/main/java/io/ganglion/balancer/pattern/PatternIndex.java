package io.ganglion.balancer.pattern;

/**
 * The patterns of one reference, indexed for one matching method: an immutable version the data
 * path matches against while the control loop builds the next one. {@link #with} and
 * {@link #without} return a new index and leave this one as it was; the tree kinds share all but one
 * path with their predecessor.
 */
public sealed interface PatternIndex permits IpIndex, EntryIndex {
    /** {@link #matchedId}'s answer when nothing matches: ids are never negative. */
    long NO_MATCH = -1;

    /** This index with {@code entry}; its key is parsed for the method (a bad one is refused, nothing changed). */
    PatternIndex with(PatternEntry entry) throws PatternException;

    /** This index without {@code entry} (found by its key and id). */
    PatternIndex without(PatternEntry entry);

    /** This index with {@code entry} in place of the entry of the same id and key (a new map value). */
    PatternIndex replacing(PatternEntry entry);

    /**
     * The id of the entry matching a sample given as text ({@code get acl REF VALUE}), or
     * {@link #NO_MATCH}; the reference keeps the entry ({@link PatternReference#entry(long)}). Where
     * several match, the one HAProxy 2.6 reports: the longest prefix for the trees, the first in
     * the list otherwise.
     */
    long matchedId(String sample);

    /** How HAProxy says it indexes the method in {@code get acl}: {@code tree} or {@code list}. */
    String kind();

    /**
     * An index growing by many entries, in order, then published once ({@code add map} payloads):
     * each entry is checked and added as {@link #with} would, a refused one leaving the builder as
     * it was. This default adds one at a time; the trees build the new part in place.
     */
    default Builder builder() {
        PatternIndex start = this;
        return new Builder() {
            private PatternIndex index = start;

            @Override
            public void add(PatternEntry entry, String key) throws PatternException {
                index = index.with(entry);
            }

            @Override
            public PatternIndex build() {
                return index;
            }
        };
    }

    /** See {@link #builder()}. */
    interface Builder {
        /**
         * Adds {@code entry}, whose key is {@code key} (given as read, so a tree need not make the
         * entry's key string again), or null when the entry holds its key packed ({@link PatternEntry#ipv4Key()}).
         */
        void add(PatternEntry entry, String key) throws PatternException;

        /**
         * Adds the entry {@code id} whose key is the IPv4 network {@code ipv4} packs
         * ({@link Ipv4Text#pack}): an IP tree takes its bits and the value as they are, without an
         * entry or a key object.
         */
        default void addPacked(long id, long ipv4, String value, int version) throws PatternException {
            add(PatternEntry.packed(id, ipv4, value, version), null);
        }

        PatternIndex build();
    }
}
