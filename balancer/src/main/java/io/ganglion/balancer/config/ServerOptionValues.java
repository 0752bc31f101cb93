package io.ganglion.balancer.config;

import java.time.Duration;

/** Readers of server option values shared by the packages' {@link ServerOption}s, in HAProxy 2.6's words. */
public final class ServerOptionValues {
    private ServerOptionValues() {
    }

    /** The value, or HAProxy's {@code message} when it is missing or empty. */
    public static String required(String value, String message) throws KeywordException {
        if (value == null || value.isEmpty()) {
            throw new KeywordException(message);
        }
        return value;
    }

    /**
     * A delay option's value. HAProxy 2.6 names 'agent-inter' for a bad 'inter' value (its parsers
     * share one message); kept so that clients matching HAProxy's text match ours.
     */
    public static Duration delay(String server, String option, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'" + option + "' expects a delay as argument..");
        }
        try {
            return TimeParser.parse(value);
        } catch (KeywordException e) {
            String named = option.equals("inter") ? "agent-inter" : option;
            throw new KeywordException(e.getMessage() + " in '" + named + "' argument of server " + server + "..");
        }
    }

    /** A non-negative count of at most 9 digits. */
    public static int count(String option, String value) throws KeywordException {
        if (value == null || value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            throw new KeywordException("'" + option + "' expects an integer argument.");
        }
        return Integer.parseInt(value);
    }
}
