package io.ganglion.runtime;

import java.util.Locale;

/** A stats-socket access level, as {@code show cli level} prints it. */
public enum AccessLevel {
    USER, OPERATOR, ADMIN;

    public static AccessLevel parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an access level: " + text.strip(), e);
        }
    }
}
