package io.ganglion.balancer.server;

import io.ganglion.balancer.runtime.CommandException;

/**
 * Reads a number the way HAProxy's commands read one with C's {@code strtol}: optional blanks and
 * sign, then digits; what follows is the caller's to judge. Keeps HAProxy's error wording.
 */
public final class StrtolLike {
    record Result(long value, int digits, int end) {
    }

    private StrtolLike() {
    }

    static Result scan(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int start = i;
        long value = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && value < Integer.MAX_VALUE) {
            value = value * 10 + (text.charAt(i) - '0');
            i++;
        }
        return new Result(negative ? -value : value, i - start, i);
    }

    /** A whole-word integer, refused as {@code "<what> string empty or preceded by garbage"} / {@code "Trailing garbage in <what> string"}. */
    public static int parse(String text, String what) {
        Result r = scan(text);
        if (r.digits() == 0) {
            throw new CommandException(what + " string empty or preceded by garbage\n");
        }
        if (r.end() != text.length()) {
            throw new CommandException("Trailing garbage in " + what + " string\n");
        }
        return (int) r.value();
    }
}
