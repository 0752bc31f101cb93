package io.ganglion.balancer.config;

import java.time.Duration;

/** HAProxy time values: a number and an optional unit, us, ms (the default), s, m, h or d. */
public final class TimeParser {
    private TimeParser() {
    }

    /**
     * @return the duration
     * @throws KeywordException with message {@code unexpected character 'x'} (callers add their context)
     */
    public static Duration parse(String text) throws KeywordException {
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw new KeywordException(text.isEmpty() ? "missing value" : unexpected(text.charAt(0)));
        }
        long value;
        try {
            value = Long.parseLong(text.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new KeywordException("value '" + text + "' is too large");
        }
        String unit = text.substring(digits);
        return switch (unit) {
            case "us" -> Duration.ofNanos(value * 1000);
            case "", "ms" -> Duration.ofMillis(value);
            case "s" -> Duration.ofSeconds(value);
            case "m" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            case "d" -> Duration.ofDays(value);
            default -> throw new KeywordException(unexpected(firstBadUnitChar(unit)));
        };
    }

    /** The first character that cannot start or continue a unit, which is what HAProxy names. */
    private static char firstBadUnitChar(String unit) {
        String valid = "usmhd";
        for (char c : unit.toCharArray()) {
            if (valid.indexOf(c) < 0) {
                return c;
            }
        }
        return unit.charAt(unit.length() - 1);
    }

    private static String unexpected(char c) {
        return "unexpected character '" + c + "'";
    }
}
