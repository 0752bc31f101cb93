package io.ganglion.balancer.pattern;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address or network as the IP trees index it: 128 bits in two longs (an IPv4 address in the top
 * 32 bits of {@code hi}), the prefix length, and the family. Bits past the prefix are zero, as
 * HAProxy masks {@code 198.51.100.7/24} to its network.
 */
record IpKey(boolean v4, long hi, long lo, int length) {

    /**
     * Parses {@code 192.0.2.1}, {@code 198.51.100.0/24}, {@code 10.0.0.0/255.0.0.0} or an IPv6
     * address with an optional {@code /len}. A numeric form only: no name is resolved (HAProxy
     * resolves names at load; a name here is refused, which is stricter).
     */
    static IpKey parse(String text) throws PatternException {
        IpKey key = tryParse(text);
        if (key == null) {
            throw new PatternException("'" + text + "' is not a valid IPv4 or IPv6 address.");
        }
        return key;
    }

    static IpKey tryParse(String text) {
        int slash = text.indexOf('/');
        int addrEnd = slash < 0 ? text.length() : slash;
        int colon = text.indexOf(':');
        if (colon < 0 || colon > addrEnd) {
            // IPv4 read in place: a million payload lines would otherwise make six strings each
            long ip = parseV4(text, 0, addrEnd);
            if (ip < 0) {
                return null;
            }
            int len = 32;
            if (slash >= 0) {
                len = v4MaskLength(text, slash + 1, text.length());
                if (len < 0) {
                    return null;
                }
            }
            return of4((int) ip, len);
        }
        String addr = text.substring(0, addrEnd);
        String mask = slash < 0 ? null : text.substring(slash + 1);
        long[] v6 = parseV6(addr);
        if (v6 == null) {
            return null;
        }
        int len = 128;
        if (mask != null) {
            len = decimal(mask, 0, mask.length(), 128);
            if (len < 0) {
                return null;
            }
        }
        return of6(v6[0], v6[1], len);
    }

    static IpKey of4(int address, int length) {
        long hi = ((long) address << 32) & mask(length);
        return new IpKey(true, hi, 0, length);
    }

    static IpKey of6(long hi, long lo, int length) {
        return new IpKey(false, hi & mask(length), lo & mask(length - 64), length);
    }

    /** A sample address, full length; an IPv4-mapped IPv6 address counts as IPv4, as HAProxy matches it. */
    static IpKey of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return of4(int4(b, 0), 32);
        }
        long hi = long8(b, 0);
        long lo = long8(b, 8);
        if (hi == 0 && (lo >>> 32) == 0xFFFFL && address instanceof Inet6Address) {
            return of4((int) lo, 32);
        }
        return of6(hi, lo, 128);
    }

    /** The top {@code bits} bits set (of a 64-bit word); 0 or less gives none, 64 or more all. */
    static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    int bit(int index) {
        return (int) (index < 64 ? (hi >>> (63 - index)) & 1 : (lo >>> (127 - index)) & 1);
    }

    private static int int4(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static long long8(byte[] b, int at) {
        return (long) int4(b, at) << 32 | (int4(b, at + 4) & 0xFFFFFFFFL);
    }

    /** Dotted quad to an unsigned 32-bit value, -1 when it is not one. */
    static long parseV4(String s) {
        return parseV4(s, 0, s.length());
    }

    /** The dotted quad in {@code s[from, to)}, or -1. */
    private static long parseV4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (i <= to) {
            int end = s.indexOf('.', i);
            if (end < 0 || end > to) {
                end = to;
            }
            int part = decimal(s, i, end, 255);
            if (part < 0 || ++parts > 4) {
                return -1;
            }
            value = value << 8 | part;
            i = end + 1;
        }
        return parts == 4 ? value : -1;
    }

    private static int v4MaskLength(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot < 0 || dot >= to) {
            return decimal(s, from, to, 32);
        }
        long m = parseV4(s, from, to);
        if (m < 0) {
            return -1;
        }
        int len = Integer.bitCount((int) m);
        // a dotted mask must be contiguous ones (HAProxy keeps other masks in a list; refused here)
        return (int) m == (int) (mask(len) >>> 32) ? len : -1;
    }

    /** The decimal number in {@code s[from, to)}, one to three digits, at most {@code max}; else -1. */
    private static int decimal(String s, int from, int to, int max) {
        if (to <= from || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    private static long[] parseV6(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null; // no zone ids, no names: keeps InetAddress from resolving anything
        }
        try {
            InetAddress a = InetAddress.getByName(s.indexOf(':') >= 0 ? "[" + s + "]" : s);
            byte[] b = a.getAddress();
            if (b.length == 4) { // ::ffff:a.b.c.d comes back as IPv4
                return new long[] {0, 0xFFFF00000000L | (int4(b, 0) & 0xFFFFFFFFL)};
            }
            return new long[] {long8(b, 0), long8(b, 8)};
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
