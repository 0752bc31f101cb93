package io.ganglion.balancer.runtime;

/**
 * HAProxy's time syntax for a value counted in seconds ({@code parse_time_err} with
 * {@code TIME_UNIT_S}): digits and an optional unit {@code us}, {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d}; sub-second values round down.
 */
final class HaproxyDuration {
    /** HAProxy refuses timers over 2^31-1 ms. */
    private static final long MAX_MILLIS = Integer.MAX_VALUE;

    private HaproxyDuration() {
    }

    /** The number of whole seconds, or -1 when the text is not a valid time or is too large. */
    static long parseSeconds(String text) {
        int digits = 0;
        long value = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && text.charAt(digits) < 128) {
            value = value * 10 + (text.charAt(digits) - '0');
            if (value > MAX_MILLIS * 1000) {
                return -1;
            }
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        long microsPerUnit = switch (text.substring(digits)) {
            case "", "s" -> 1_000_000;
            case "us" -> 1;
            case "ms" -> 1_000;
            case "m" -> 60_000_000L;
            case "h" -> 3_600_000_000L;
            case "d" -> 86_400_000_000L;
            default -> -1;
        };
        if (microsPerUnit < 0) {
            return -1;
        }
        long micros;
        try {
            micros = Math.multiplyExact(value, microsPerUnit);
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
        if (micros / 1000 > MAX_MILLIS) {
            return -1;
        }
        return micros / 1_000_000;
    }
}
