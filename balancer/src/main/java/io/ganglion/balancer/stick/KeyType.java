package io.ganglion.balancer.stick;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A stick table's key type ({@code type ip|ipv6|integer|string|binary}): how many bytes a key
 * takes, how the socket commands read one and how {@code show table} prints it.
 *
 * <p>Keys are bytes in a fixed-size field: an IPv4 address in network order, an IPv6 address, an
 * integer in little-endian order (as HAProxy keeps it in memory, which is why {@code show table}
 * lists 256 before 1), a string or binary value cut to {@code len} bytes.
 */
public enum KeyType {
    IP("ip", 4),
    IPV6("ipv6", 16),
    INTEGER("integer", 4),
    STRING("string", 32),
    BINARY("binary", 32);

    private final String keyword;
    private final int defaultLength;

    KeyType(String keyword, int defaultLength) {
        this.keyword = keyword;
        this.defaultLength = defaultLength;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether {@code len N} may follow the type. */
    public boolean hasLength() {
        return this == STRING || this == BINARY;
    }

    public int defaultLength() {
        return defaultLength;
    }

    public static Optional<KeyType> byKeyword(String word) {
        for (KeyType t : values()) {
            if (t.keyword.equals(word)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The key a socket command names, as HAProxy 2.6 reads it: an IPv4 text that does not parse is
     * {@code 0.0.0.0} (HAProxy's {@code inet_addr}; capture 176), an integer takes its leading
     * digits ({@code 12abc} is 12), a string is cut to the table's length.
     *
     * @return the key bytes, or empty for HAProxy's {@code Invalid key}
     * @throws UnsupportedOperationException for binary keys, which HAProxy's commands do not take
     */
    public Optional<byte[]> parseCommandKey(String text, int length) {
        switch (this) {
            case IP:
                return Optional.of(ipv4OrZero(text));
            case IPV6:
                return ipv6(text);
            case INTEGER:
                return leadingDigits(text);
            case STRING:
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                return Optional.of(b.length > length ? Arrays.copyOf(b, length) : b);
            default:
                throw new UnsupportedOperationException("binary keys");
        }
    }

    /** The key as {@code show table} prints it after {@code key=}. */
    public String format(byte[] key) {
        switch (this) {
            case IP:
                return (key[0] & 0xff) + "." + (key[1] & 0xff) + "." + (key[2] & 0xff) + "." + (key[3] & 0xff);
            case IPV6:
                try {
                    return Ipv6Text.compress(InetAddress.getByAddress(key).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            case INTEGER:
                return Integer.toUnsignedString(littleEndian(key));
            case STRING:
                return new String(key, StandardCharsets.UTF_8);
            default:
                return HexFormat.of().withUpperCase().formatHex(key);
        }
    }

    /** The 4 bytes of an integer key, in the order HAProxy keeps them. */
    public static byte[] integerKey(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** The 4 bytes of an IPv4 key, in network order. */
    public static byte[] ipv4Key(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static int littleEndian(byte[] k) {
        return (k[0] & 0xff) | (k[1] & 0xff) << 8 | (k[2] & 0xff) << 16 | (k[3] & 0xff) << 24;
    }

    /**
     * Dotted decimal, four numbers of 0 to 255; anything else is 0.0.0.0. inet_addr's other forms
     * (octal, hex, short) are not what operators type. Read by hand: a million {@code set table}
     * read one each.
     */
    private static byte[] ipv4OrZero(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return new byte[4];
            }
        }
        return part == 4 ? out : new byte[4];
    }

    private static Optional<byte[]> ipv6(String text) {
        if (!text.contains(":") || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty(); // never a host name lookup
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet6Address) {
                return Optional.of(a.getAddress());
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** strtoul's reading: leading digits, nothing if none, at most 32 bits. */
    private static Optional<byte[]> leadingDigits(String text) {
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 10) {
            return Optional.empty();
        }
        long v = Long.parseLong(text.substring(0, end));
        return v > 0xffffffffL ? Optional.empty() : Optional.of(integerKey((int) v));
    }
}
