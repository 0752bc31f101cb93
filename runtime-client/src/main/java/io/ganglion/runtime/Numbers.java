package io.ganglion.runtime;

import java.util.OptionalLong;

/** Reads the numbers of text answers, where an empty field means "not applicable". */
final class Numbers {

    private Numbers() {
    }

    static OptionalLong parse(String value) {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
