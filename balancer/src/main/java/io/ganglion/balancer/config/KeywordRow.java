package io.ganglion.balancer.config;

import java.util.List;
import java.util.Set;

/**
 * One configuration keyword: its words ({@code stats socket} is two), the sections that accept it,
 * whether {@code no} may precede it, and the handler that applies it. Each balancer package declares
 * the rows of the keywords it owns in its module descriptor
 * ({@link io.ganglion.balancer.module.BalancerModule#configKeywords()}).
 */
public record KeywordRow(List<String> words, Set<SectionKind> sections, boolean negatable, KeywordHandler handler) {
    public KeywordRow {
        words = List.copyOf(words);
        sections = Set.copyOf(sections);
    }

    public static KeywordRow of(String words, Set<SectionKind> sections, KeywordHandler handler) {
        return new KeywordRow(List.of(words.split(" ")), sections, false, handler);
    }

    /** A row that {@code no} may precede ({@code no option forwardfor}); see {@link ParseContext#negated()}. */
    public static KeywordRow negatable(String words, Set<SectionKind> sections, KeywordHandler handler) {
        return new KeywordRow(List.of(words.split(" ")), sections, true, handler);
    }

    public String name() {
        return String.join(" ", words);
    }

    public boolean matches(List<String> line) {
        return line.size() >= words.size() && line.subList(0, words.size()).equals(words);
    }
}
