package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;

import java.util.List;

/**
 * The {@code stats} keywords of a proxy ({@code stats enable}, {@code stats uri}, {@code stats refresh}...).
 * Ganglion has no statistics page yet: HAProxy would answer the page's URI itself, Ganglion would pass
 * the request to a server, so every one of them is refused rather than accepted with no effect.
 * The global {@code stats socket} and {@code stats timeout} are the {@code runtime} package's.
 */
public final class StatsPageKeywords {
    private StatsPageKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(KeywordRow.of("stats", SectionKind.ANY_PROXY, (ctx, args) -> {
            throw new KeywordException("'stats" + (args.isEmpty() ? "" : " " + args.get(0))
                    + "' is not supported yet (Ganglion has no statistics page).");
        }));
    }
}
