package io.ganglion.balancer.pattern;

import java.net.InetAddress;

/**
 * {@code -m ip} and {@code map_ip}: one longest-prefix tree per address family. The trees keep each
 * entry's id and value, not the entry ({@link IpPrefixTree}): a lookup answers the value, or the id
 * of the entry the reference keeps.
 */
public record IpIndex(IpPrefixTree v4, IpPrefixTree v6) implements PatternIndex {
    static final IpIndex EMPTY = new IpIndex(IpPrefixTree.EMPTY, IpPrefixTree.EMPTY);

    @Override
    public IpIndex with(PatternEntry entry) throws PatternException {
        IpKey key = keyOf(entry);
        return key.v4() ? new IpIndex(v4.with(key, entry.id(), entry.value()), v6)
                : new IpIndex(v4, v6.with(key, entry.id(), entry.value()));
    }

    /** Both families' trees built in place, path nodes copied once per payload rather than per entry. */
    @Override
    public Builder builder() {
        IpPrefixTree.Batch four = v4.batch();
        IpPrefixTree.Batch six = v6.batch();
        return new Builder() {
            @Override
            public void add(PatternEntry entry, String text) throws PatternException {
                IpKey key = text == null ? keyOf(entry) : IpKey.parse(text); // refuses before the trees change
                (key.v4() ? four : six).add(key, entry.id(), entry.value());
            }

            @Override
            public void addPacked(long id, long ipv4, String value, int version) {
                four.addPacked(ipv4, id, value);
            }

            @Override
            public IpIndex build() {
                return new IpIndex(four.tree(), six.tree());
            }
        };
    }

    @Override
    public IpIndex without(PatternEntry entry) {
        IpKey key = storedKey(entry);
        if (key == null) {
            return this;
        }
        return key.v4() ? new IpIndex(v4.without(key, entry.id()), v6) : new IpIndex(v4, v6.without(key, entry.id()));
    }

    @Override
    public IpIndex replacing(PatternEntry entry) {
        IpKey key = storedKey(entry);
        if (key == null) {
            return this;
        }
        return key.v4() ? new IpIndex(v4.replacing(key, entry.id(), entry.value()), v6)
                : new IpIndex(v4, v6.replacing(key, entry.id(), entry.value()));
    }

    /** The network of an entry's key: a packed IPv4 key without making its text again. */
    private static IpKey keyOf(PatternEntry entry) throws PatternException {
        IpKey packed = entry.ipv4Key();
        return packed != null ? packed : IpKey.parse(entry.key());
    }

    /** The network of an entry already indexed (its key was checked then), or null for one never indexed. */
    private static IpKey storedKey(PatternEntry entry) {
        return entry.ipv4Key() != null ? entry.ipv4Key() : IpKey.tryParse(entry.key());
    }

    /** Whether a network holds {@code address} (an ACL's {@code -m ip}). */
    public boolean contains(InetAddress address) {
        return matchId(IpKey.of(address)) != IpPrefixTree.NO_ENTRY;
    }

    /** The value of the entry of the longest network holding {@code address} ({@code map_ip}), or null. */
    public String value(InetAddress address) {
        IpKey key = IpKey.of(address);
        return key.v4() ? v4.longestMatchValue(key) : v6.longestMatchValue(key);
    }

    long matchId(IpKey address) {
        return address.v4() ? v4.longestMatchId(address) : v6.longestMatchId(address);
    }

    @Override
    public long matchedId(String sample) {
        IpKey key = IpKey.tryParse(sample);
        return key == null || key.length() != (key.v4() ? 32 : 128) ? NO_MATCH : matchId(key);
    }

    @Override
    public String kind() {
        return "tree";
    }
}
