package io.ganglion.balancer.config;

import java.util.List;

/** The words of one configuration line, quotes and escapes resolved, with the place it came from. */
public record ConfigLine(List<String> words, Source source) {
    public ConfigLine {
        words = List.copyOf(words);
    }

    /** No words, or an empty first one ({@code "" foo}, {@code "${UNSET}" foo}): HAProxy skips such a line. */
    public boolean isEmpty() {
        return words.isEmpty() || words.get(0).isEmpty();
    }
}
