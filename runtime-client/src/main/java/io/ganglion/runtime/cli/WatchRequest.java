package io.ganglion.runtime.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the live-table forms of a ctl command line:
 * {@code top [--interval SECONDS] [--count N]} and {@code stat --watch SECONDS [--count N]}.
 * {@code --count 0} (the default) runs until interrupted.
 */
record WatchRequest(Duration interval, int count) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** Empty when the words are an ordinary command; throws IllegalArgumentException on a malformed watch. */
    static Optional<WatchRequest> parse(List<String> words) {
        if (words.isEmpty()) {
            return Optional.empty();
        }
        boolean top = words.get(0).equals("top");
        boolean watchedStat = words.get(0).equals("stat") && words.contains("--watch");
        if (!top && !watchedStat) {
            return Optional.empty();
        }
        Duration interval = DEFAULT_INTERVAL;
        int count = 0;
        for (int i = 1; i < words.size(); i++) {
            String option = words.get(i);
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException("missing value after '" + option + "'");
            }
            String value = words.get(++i);
            switch (option) {
                case "--interval", "--watch" -> interval = seconds(option, value);
                case "--count" -> count = nonNegative(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "' (top takes --interval SECONDS and --count N)");
            }
        }
        return Optional.of(new WatchRequest(interval, count));
    }

    private static Duration seconds(String option, String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds < 0.1 || seconds > 86_400) {
                throw new IllegalArgumentException(option + " must be between 0.1 and 86400 seconds, got " + value);
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects seconds, got '" + value + "'", e);
        }
    }

    private static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException(option + " must not be negative, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'", e);
        }
    }
}
