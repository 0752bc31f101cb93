package io.ganglion.balancer.pattern;

/**
 * An IPv4 address or network as a map key writes it, {@code a.b.c.d} or {@code a.b.c.d/len}, packed
 * in a long from which exactly the same text comes back: the address's 32 bits, the prefix length
 * and whether it was written (so {@code 1.2.3.4} and {@code 1.2.3.4/32} stay apart), and a mark bit
 * that keeps every packed key apart from {@link #NONE}. Any other spelling (a leading zero, a dotted
 * mask, a space) does not pack: such a key is kept as written.
 */
final class Ipv4Text {
    static final long NONE = 0;
    private static final long MARK = 1L << 40;
    private static final long SLASH = 1L << 39;

    private Ipv4Text() {
    }

    /** The packed key, or {@link #NONE} when {@code text} is not in the one spelling {@link #unpack} gives back. */
    static long pack(String text) {
        return pack(text, 0, text.length());
    }

    /** {@link #pack(String)} of {@code text[from, n)}, read in place (a payload line's key). */
    static long pack(String text, int from, int n) {
        long address = 0;
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return NONE;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && isDigit(text.charAt(i))) {
                value = value * 10 + text.charAt(i) - '0';
                i++;
            }
            if (i == start || value > 255 || (text.charAt(start) == '0' && i - start > 1)) {
                return NONE;
            }
            address = address << 8 | value;
        }
        if (i == n) {
            return MARK | address;
        }
        if (text.charAt(i) != '/' || n - i < 2 || n - i > 3) {
            return NONE;
        }
        int length = 0;
        for (int j = i + 1; j < n; j++) {
            if (!isDigit(text.charAt(j))) {
                return NONE;
            }
            length = length * 10 + text.charAt(j) - '0';
        }
        if (length > 32 || (text.charAt(i + 1) == '0' && n - i > 2)) {
            return NONE;
        }
        return MARK | SLASH | (long) length << 32 | address;
    }

    /** The network a packed key stands for, as {@link IpKey#parse} reads its text. */
    static IpKey ipKey(long packed) {
        return IpKey.of4((int) packed, length(packed));
    }

    /** The prefix length of a packed key: 32 when none was written. */
    static int length(long packed) {
        return (packed & SLASH) != 0 ? (int) (packed >>> 32 & 63) : 32;
    }

    static String unpack(long packed) {
        StringBuilder out = new StringBuilder(18);
        out.append(packed >>> 24 & 255).append('.').append(packed >>> 16 & 255).append('.')
                .append(packed >>> 8 & 255).append('.').append(packed & 255);
        if ((packed & SLASH) != 0) {
            out.append('/').append(packed >>> 32 & 63);
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
