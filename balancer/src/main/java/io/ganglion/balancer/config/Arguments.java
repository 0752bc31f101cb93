package io.ganglion.balancer.config;

import java.util.List;

/** Small checks shared by keyword handlers, each with the caller's own message. */
public final class Arguments {
    private Arguments() {
    }

    /** The only argument, or the {@code message} when there is none or more than one. */
    public static String single(List<String> args, String message) throws KeywordException {
        if (args.size() != 1) {
            throw new KeywordException(message);
        }
        return args.get(0);
    }

    /** A non-negative decimal integer, or the {@code message}. */
    public static int integer(String text, String message) throws KeywordException {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw new KeywordException(message);
        }
        return Integer.parseInt(text);
    }
}
