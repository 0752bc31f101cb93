package io.ganglion.balancer.prometheus;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a scrape asks for, in HAProxy 2.6's query parameters: {@code scope=} (repeatable; the first
 * one replaces "everything" by the scopes named, an empty value names none) and {@code no-maint}
 * (servers in maintenance left out).
 */
record ExporterQuery(Set<MetricScope> scopes, boolean noMaint) {
    ExporterQuery {
        scopes = scopes.isEmpty() ? EnumSet.noneOf(MetricScope.class) : EnumSet.copyOf(scopes);
    }

    /** The query of {@code uri}, or empty when it names a scope HAProxy refuses (it answers 400). */
    static Optional<ExporterQuery> parse(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        List<String> asked = decoder.parameters().get("scope");
        Set<MetricScope> scopes = EnumSet.allOf(MetricScope.class);
        if (asked != null) {
            scopes = EnumSet.noneOf(MetricScope.class);
            for (String value : asked) {
                if (value.isEmpty()) {
                    continue;
                }
                Optional<MetricScope> s = MetricScope.byQueryValue(value);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                scopes.add(s.get());
            }
        }
        return Optional.of(new ExporterQuery(scopes, decoder.parameters().containsKey("no-maint")));
    }
}
