package io.ganglion.balancer.session;

/**
 * The stream "pointer" words of {@code show sess ID} and {@code shutdown session ID}, read as
 * HAProxy 2.6 reads them: with C's {@code strtoul}, which takes the longest number it can at the
 * start of the word and ignores the rest ({@code 0x1zz} is 0x1, {@code foo} is 0). {@code show sess}
 * reads hexadecimal; {@code shutdown session} takes C's prefixes ({@code 0x} hexadecimal, {@code 0}
 * octal, decimal otherwise).
 */
final class SessionPointer {
    /** What a number too large for 64 bits reads as ({@code ULONG_MAX}): no stream has it. */
    static final long TOO_LARGE = -1;

    private SessionPointer() {
    }

    /** {@code show sess}'s word, base 16. */
    static long hex(String word) {
        String w = word.strip();
        if (w.startsWith("0x") || w.startsWith("0X")) {
            w = w.substring(2);
        }
        return digits(w, 16);
    }

    /** {@code shutdown session}'s word, base 0. */
    static long anyBase(String word) {
        String w = word.strip();
        if ((w.startsWith("0x") || w.startsWith("0X")) && w.length() > 2 && Character.digit(w.charAt(2), 16) >= 0) {
            return digits(w.substring(2), 16);
        }
        if (w.startsWith("0")) {
            return digits(w, 8);
        }
        return digits(w, 10);
    }

    private static long digits(String w, int radix) {
        long value = 0;
        for (int i = 0; i < w.length(); i++) {
            int d = Character.digit(w.charAt(i), radix);
            if (d < 0) {
                break;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, radix)) > 0) {
                return TOO_LARGE;
            }
            value = value * radix + d;
        }
        return value;
    }
}
