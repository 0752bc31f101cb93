package io.ganglion.balancer.config;

import java.util.List;

/**
 * The configuration language as the packages declare it, joined: the section keyword rows (the
 * longest words first), the server options, and the checks run after the last line.
 */
public record ConfigLanguage(List<KeywordRow> keywords, ServerOptionTable serverOptions, List<ConfigCheck> checks) {
    public ConfigLanguage {
        keywords = List.copyOf(keywords);
        checks = List.copyOf(checks);
    }
}
