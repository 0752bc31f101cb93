package io.ganglion.balancer.runtime;

/**
 * HAProxy's time syntax for a value counted in seconds ({@code parse_time_err} with
 * {@code TIME_UNIT_S}, tools.c): digits, then an optional unit {@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d}. Like HAProxy, fractions round up ({@code 500ms} is 1 s),
 * characters after a known unit are tolerated (HAProxy only warns), and results of 2^31 or more
 * are refused.
 */
final class HaproxyDuration {
    private static final long LIMIT = 0x80000000L;

    private HaproxyDuration() {
    }

    /** The number of seconds, or -1 when the text is not a time HAProxy accepts. */
    static long parseSeconds(String text) {
        int end = 0;
        long value = 0;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            value = value * 10 + (text.charAt(end) - '0');
            if (value >= LIMIT * 1_000_000) {
                return -1;
            }
            end++;
        }
        if (end == 0) {
            return -1;
        }
        String unit = text.substring(end);
        long multiplier = 1;
        long divisor = 1;
        if (unit.startsWith("us")) {
            divisor = 1_000_000;
        } else if (unit.startsWith("ms")) {
            divisor = 1_000;
        } else if (unit.startsWith("m")) {
            multiplier = 60;
        } else if (unit.startsWith("h")) {
            multiplier = 3_600;
        } else if (unit.startsWith("d")) {
            multiplier = 86_400;
        } else if (!unit.isEmpty() && !unit.startsWith("s")) {
            return -1;
        }
        try {
            long seconds = (Math.multiplyExact(value, multiplier) + divisor - 1) / divisor;
            return seconds >= LIMIT ? -1 : seconds;
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }
}
