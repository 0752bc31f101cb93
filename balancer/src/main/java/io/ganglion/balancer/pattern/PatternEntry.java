package io.ganglion.balancer.pattern;

/**
 * One line of a pattern reference: an ACL pattern, or a map key and its value. Immutable: {@code set
 * map} replaces an entry by a copy with the same id, so a request that found the old one keeps a
 * consistent view.
 *
 * @param id      stable for the entry's life; {@code show acl} prints it as a pointer-like
 *                {@code 0x...} and {@code del acl REF #0x...} finds the entry by it
 * @param key     the pattern as the reference keeps it ({@code acl ... gt 10} is kept as {@code 11:})
 * @param value   the map value, null in an ACL's reference
 * @param version the version ({@code prepare}/{@code commit}) the entry belongs to
 */
public record PatternEntry(long id, String key, String value, int version) {

    PatternEntry withValue(String newValue) {
        return new PatternEntry(id, key, newValue, version);
    }

    /** The id as {@code show acl} prints it. */
    public String pointer() {
        return "0x" + Long.toHexString(id);
    }
}
