package io.ganglion.balancer.pattern;

/**
 * An index that keeps the entries themselves (the string and list methods), so that a lookup
 * answers the entry: the data path reads its value.
 */
public sealed interface EntryIndex extends PatternIndex permits ExactStringIndex, PrefixIndex, ListIndex {

    /** The entry matching a sample given as text (a string sample, {@code get acl REF VALUE}), or null. */
    PatternEntry matchText(String sample);

    @Override
    default long matchedId(String sample) {
        PatternEntry e = matchText(sample);
        return e == null ? NO_MATCH : e.id();
    }
}
