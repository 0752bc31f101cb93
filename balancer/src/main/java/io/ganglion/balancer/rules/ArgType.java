package io.ganglion.balancer.rules;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The types of fetch and converter arguments, with HAProxy's names for them in messages. */
public enum ArgType {
    STR("string"), SINT("integer"), IPV4_MASK("IPv4 mask"), REGEX("regex"), MAP_FILE("map"), VAR("variable");

    private final String word;

    ArgType(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The argument as its type, or null when it is not one. */
    Object parse(String text) {
        switch (this) {
            case SINT -> {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case IPV4_MASK -> {
                if (text.matches("\\d{1,2}")) {
                    int bits = Integer.parseInt(text);
                    return bits <= 32 ? (int) (bits == 0 ? 0 : -1L << (32 - bits)) : null;
                }
                var a = Addresses.literal(text);
                return a instanceof java.net.Inet4Address v4 ? Addresses.int4(v4) : null;
            }
            case REGEX -> {
                try {
                    return Pattern.compile(text);
                } catch (PatternSyntaxException e) {
                    return null;
                }
            }
            default -> {
                return text;
            }
        }
    }

}
