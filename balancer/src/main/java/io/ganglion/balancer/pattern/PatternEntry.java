package io.ganglion.balancer.pattern;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One line of a pattern reference: an ACL pattern, or a map key and its value. Immutable: {@code set
 * map} replaces an entry by a copy with the same id, so a request that found the old one keeps a
 * consistent view.
 *
 * <p>A key is kept as small as it can be told again exactly: an IPv4 address or network written as
 * {@link #key()} would write it ({@code 192.0.2.0/24}, {@code 198.51.100.7}; no leading zeros) as
 * a number, another ASCII key (a path, a host name, a mask written dotted) as its bytes alone,
 * without a {@code String} around them. {@link #key()} makes the string when asked (the socket's
 * answers, an index being built). The reference keeps its entries as columns of these parts
 * ({@link EntryLog}) and makes an entry when one is asked for; the string and list indexes keep
 * entries, the IP trees only ids and values.
 */
public final class PatternEntry {
    private final long id;
    /** A key read as an IPv4 address: see {@link Ipv4Text}; {@link Ipv4Text#NONE} when {@link #key} holds it. */
    private final long ipv4;
    /** Null when the key is {@link #ipv4}; else its bytes when it is ASCII, else the key itself. */
    private final Object key;
    private final String value;
    private final int version;

    /**
     * @param id      stable for the entry's life; {@code show acl} prints it as a pointer-like
     *                {@code 0x...} and {@code del acl REF #0x...} finds the entry by it
     * @param key     the pattern as the reference keeps it ({@code acl ... gt 10} is kept as {@code 11:})
     * @param value   the map value, null in an ACL's reference
     * @param version the version ({@code prepare}/{@code commit}) the entry belongs to
     */
    public PatternEntry(long id, String key, String value, int version) {
        this(id, Ipv4Text.pack(key), key, value, version);
    }

    /** An entry whose key is the IPv4 network {@code ipv4} packs ({@link Ipv4Text#pack}, not {@link Ipv4Text#NONE}): no key string read or kept. */
    static PatternEntry packed(long id, long ipv4, String value, int version) {
        return new PatternEntry(id, ipv4, (Object) null, value, version);
    }

    /** An entry from the parts {@link #packedKey()} and {@link #keyObject()} gave. */
    static PatternEntry stored(long id, long ipv4, Object keyObject, String value, int version) {
        return new PatternEntry(id, ipv4, keyObject, value, version);
    }

    private PatternEntry(long id, long ipv4, String key, String value, int version) {
        this(id, ipv4, ipv4 == Ipv4Text.NONE ? compact(key) : null, value, version);
    }

    private PatternEntry(long id, long ipv4, Object key, String value, int version) {
        this.id = id;
        this.ipv4 = ipv4;
        this.key = key;
        this.value = value;
        this.version = version;
    }

    private static Object compact(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) >= 0x80) {
                return key;
            }
        }
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    public long id() {
        return id;
    }

    public String key() {
        if (key == null) {
            return Ipv4Text.unpack(ipv4);
        }
        return key instanceof byte[] ascii ? new String(ascii, StandardCharsets.ISO_8859_1) : (String) key;
    }

    /** The IPv4 network of a packed key, without its text; null when the key is not packed. */
    IpKey ipv4Key() {
        return key == null ? Ipv4Text.ipKey(ipv4) : null;
    }

    /** The key packed as {@link Ipv4Text#pack} packs it, or {@link Ipv4Text#NONE} when {@link #keyObject()} holds it. */
    long packedKey() {
        return ipv4;
    }

    /** The key as kept when it does not pack: its ASCII bytes, or the string; null when packed. */
    Object keyObject() {
        return key;
    }

    /** Whether the key is {@code text}, without making the key's string (a walk over every entry). */
    boolean hasKey(String text) {
        return key == null ? Ipv4Text.pack(text) == ipv4 : keyObjectIs(key, text);
    }

    /** Whether a key kept as {@link #keyObject()} keeps it (not null) is {@code text}. */
    static boolean keyObjectIs(Object key, String text) {
        if (!(key instanceof byte[] ascii)) {
            return key.equals(text);
        }
        if (ascii.length != text.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (ascii[i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String value() {
        return value;
    }

    public int version() {
        return version;
    }

    /** The id as {@code show acl} prints it. */
    public String pointer() {
        return "0x" + Long.toHexString(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternEntry e && e.id == id && e.version == version && e.key().equals(key())
                && Objects.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "PatternEntry[id=" + id + ", key=" + key() + ", value=" + value + ", version=" + version + "]";
    }
}
