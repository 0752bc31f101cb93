package io.ganglion.balancer.config;

import java.util.List;
import java.util.Map;

/**
 * The configuration language as the packages declare it, joined: the section keyword rows (the
 * longest words first), the server options, the checks run after the last line, and the
 * {@code bind} options by keyword.
 */
public record ConfigLanguage(List<KeywordRow> keywords, ServerOptionTable serverOptions, List<ConfigCheck> checks,
        Map<String, BindOption> bindOptions) {
    public ConfigLanguage {
        keywords = List.copyOf(keywords);
        checks = List.copyOf(checks);
        bindOptions = Map.copyOf(bindOptions);
    }
}
