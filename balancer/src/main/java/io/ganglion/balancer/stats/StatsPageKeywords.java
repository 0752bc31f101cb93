package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.StatsPageSpec;
import io.ganglion.balancer.config.TimeParser;

import java.util.List;

/** The config keywords of the HTML stats page: {@code stats enable}, {@code stats uri}, {@code stats refresh}. */
public final class StatsPageKeywords {
    private StatsPageKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("stats enable", SectionKind.ANY_PROXY, (ctx, args) -> {
                    StatsPageSpec s = ctx.proxy().statsPage();
                    ctx.proxy().statsPage(new StatsPageSpec(true, s.uri(), s.refresh()));
                }),
                KeywordRow.of("stats uri", SectionKind.ANY_PROXY, (ctx, args) -> {
                    if (args.size() != 1) {
                        throw new KeywordException("'uri' needs an URI prefix.");
                    }
                    StatsPageSpec s = ctx.proxy().statsPage();
                    // As in HAProxy, any "stats" keyword enables the page.
                    ctx.proxy().statsPage(new StatsPageSpec(true, args.get(0), s.refresh()));
                }),
                KeywordRow.of("stats refresh", SectionKind.ANY_PROXY, (ctx, args) -> {
                    if (args.size() != 1) {
                        throw new KeywordException("'refresh' needs a refresh period.");
                    }
                    StatsPageSpec s = ctx.proxy().statsPage();
                    try {
                        ctx.proxy().statsPage(new StatsPageSpec(true, s.uri(), TimeParser.parse(args.get(0))));
                    } catch (KeywordException e) {
                        throw new KeywordException("'stats refresh' : " + e.getMessage());
                    }
                }));
    }
}
