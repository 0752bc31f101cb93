package io.ganglion.agent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as HAProxy and Nerve users write them: a whole number and a unit, {@code 500ms},
 * {@code 2s}, {@code 1m}, {@code 1h}. A bare number is refused: "2" could mean seconds or
 * milliseconds, and guessing wrong by a factor of a thousand is worse than asking.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private DurationText() {
    }

    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: expected a whole number and a unit, e.g. 500ms, 2s, 1m, 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
