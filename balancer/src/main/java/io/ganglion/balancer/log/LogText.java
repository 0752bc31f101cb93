package io.ganglion.balancer.log;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How HAProxy 2.6 writes values into a log line (its {@code lf_text_len}, {@code lf_encode_string},
 * {@code lf_ip}, {@code lf_port}): quoting, {@code -} for a missing value, the {@code #XX} encoding
 * of request lines and captured headers, the {@code +E} and {@code +X} variants. Appends to the
 * line's buffer, allocating nothing.
 */
final class LogText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogText() {
    }

    /** A text value ({@code lf_text_len}): quoted with {@code +Q}, escaped with {@code +E}, {@code -} when absent or empty. */
    static void text(StringBuilder out, CharSequence value, int options) {
        boolean quote = (options & LogOptions.QUOTE) != 0;
        if (quote) {
            out.append('"');
        }
        if (value != null && value.length() > 0) {
            if ((options & LogOptions.ESC) != 0) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (rfc5424Escaped(c)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(value);
            }
        } else if (!quote && (options & LogOptions.MANDATORY) != 0) {
            out.append('-');
        }
        if (quote) {
            out.append('"');
        }
    }

    /**
     * Part of a request line ({@code lf_encode_chunk} with HAProxy's URL map): control characters,
     * bytes from 127 on, {@code "} and {@code #} as {@code #XX}; with {@code +E}, {@code \} and
     * {@code ]} escaped with a backslash. No quotes, no {@code -}: the callers add what HAProxy adds.
     */
    static void url(StringBuilder out, CharSequence value, int from, int to, int options) {
        boolean esc = (options & LogOptions.ESC) != 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < 32 || c >= 127 || c == '"' || c == '#') {
                out.append('#').append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
            } else {
                if (esc && rfc5424Escaped(c)) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    /**
     * A captured header's value ({@code lf_encode_string} with HAProxy's header map): what
     * {@link #url} encodes, and {@code {}, {@code |}, {@code }} too, which delimit captures.
     */
    static void header(StringBuilder out, CharSequence value, int options) {
        boolean esc = (options & LogOptions.ESC) != 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 32 || c >= 127 || c == '"' || c == '#' || c == '{' || c == '|' || c == '}') {
                out.append('#').append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
            } else {
                if (esc && rfc5424Escaped(c)) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    /** {@code %ci}-like addresses: text, or with {@code +X} the address bytes in hexadecimal. */
    static void ip(StringBuilder out, InetSocketAddress address, int options) {
        if (address == null || address.getAddress() == null) {
            text(out, null, options);
            return;
        }
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            // An IPv4 address's hash code is its 32 bits: written from there, a line allocates nothing for it.
            ipv4(out, ip.hashCode(), options);
        } else if ((options & LogOptions.HEXA) != 0) {
            for (byte b : ip.getAddress()) {
                out.append(HEX[(b >> 4) & 15]).append(HEX[b & 15]);
            }
        } else {
            text(out, ip.getHostAddress(), options);
        }
    }

    private static void ipv4(StringBuilder out, int bits, int options) {
        if ((options & LogOptions.HEXA) != 0) {
            hex(out, bits & 0xFFFFFFFFL, 8);
            return;
        }
        boolean quote = (options & LogOptions.QUOTE) != 0;
        if (quote) {
            out.append('"');
        }
        out.append(bits >>> 24).append('.').append((bits >>> 16) & 255).append('.').append((bits >>> 8) & 255).append('.')
                .append(bits & 255);
        if (quote) {
            out.append('"');
        }
    }

    /** {@code %cp}-like ports: a number (never quoted, as in HAProxy), or four hexadecimal digits with {@code +X}. */
    static void port(StringBuilder out, InetSocketAddress address, int options) {
        if (address == null) {
            text(out, null, options);
        } else if ((options & LogOptions.HEXA) != 0) {
            hex(out, address.getPort(), 4);
        } else {
            out.append(address.getPort());
        }
    }

    /** A counter: decimal, or with {@code +X} at least {@code digits} upper-case hexadecimal digits ({@code %04X}). */
    static void number(StringBuilder out, long value, int options, int digits) {
        if ((options & LogOptions.HEXA) != 0) {
            hex(out, value, digits);
        } else {
            out.append(value);
        }
    }

    static void hex(StringBuilder out, long value, int digits) {
        int shown = Math.max(digits, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int i = shown - 1; i >= 0; i--) {
            out.append(HEX[(int) (value >>> (4 * i)) & 15]);
        }
    }

    /** RFC 5424's structured-data escapes, which HAProxy's {@code +E} applies. */
    private static boolean rfc5424Escaped(char c) {
        return c == '"' || c == '\\' || c == ']';
    }
}
