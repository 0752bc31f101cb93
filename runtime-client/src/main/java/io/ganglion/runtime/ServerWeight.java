package io.ganglion.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The answer to {@code get weight}: {@code <current> (initial <initial>)}. */
public record ServerWeight(int current, int initial) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+) \\(initial (\\d+)\\)");

    public static ServerWeight parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a 'get weight' answer: " + text.strip());
        }
        return new ServerWeight(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
