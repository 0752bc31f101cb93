package io.ganglion.balancer.pattern;

import java.net.InetAddress;

/** {@code -m ip} and {@code map_ip}: one longest-prefix tree per address family. */
public record IpIndex(IpPrefixTree v4, IpPrefixTree v6) implements PatternIndex {
    static final IpIndex EMPTY = new IpIndex(IpPrefixTree.EMPTY, IpPrefixTree.EMPTY);

    @Override
    public IpIndex with(PatternEntry entry) throws PatternException {
        IpKey key = keyOf(entry);
        return key.v4() ? new IpIndex(v4.with(key, entry), v6) : new IpIndex(v4, v6.with(key, entry));
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
                (key.v4() ? four : six).add(key, entry);
            }

            @Override
            public void addPacked(PatternEntry entry, long ipv4) {
                four.addPacked(ipv4, entry);
            }

            @Override
            public IpIndex build() {
                return new IpIndex(four.tree(), six.tree());
            }
        };
    }

    @Override
    public IpIndex without(PatternEntry entry) {
        IpKey key = entry.ipv4Key() != null ? entry.ipv4Key() : IpKey.tryParse(entry.key());
        if (key == null) {
            return this;
        }
        return key.v4() ? new IpIndex(v4.without(key, entry.id()), v6) : new IpIndex(v4, v6.without(key, entry.id()));
    }

    @Override
    public IpIndex replacing(PatternEntry entry) {
        IpKey key = entry.ipv4Key() != null ? entry.ipv4Key() : IpKey.tryParse(entry.key());
        if (key == null) {
            return this;
        }
        return key.v4() ? new IpIndex(v4.replacing(key, entry), v6) : new IpIndex(v4, v6.replacing(key, entry));
    }

    /** The network of an entry's key: a packed IPv4 key without making its text again. */
    private static IpKey keyOf(PatternEntry entry) throws PatternException {
        IpKey packed = entry.ipv4Key();
        return packed != null ? packed : IpKey.parse(entry.key());
    }

    /** The entry of the longest network holding {@code address}, or null. */
    public PatternEntry match(InetAddress address) {
        return match(IpKey.of(address));
    }

    PatternEntry match(IpKey address) {
        return address.v4() ? v4.longestMatch(address) : v6.longestMatch(address);
    }

    @Override
    public PatternEntry matchText(String sample) {
        IpKey key = IpKey.tryParse(sample);
        return key == null || key.length() != (key.v4() ? 32 : 128) ? null : match(key);
    }

    @Override
    public String kind() {
        return "tree";
    }
}
