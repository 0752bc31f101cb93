package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.AddressParser;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.StatsSocketSpec;
import io.ganglion.balancer.config.TimeParser;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** The config keywords of the stats socket server: {@code stats socket}, {@code stats timeout}. */
public final class StatsSocketKeywords {
    private StatsSocketKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("stats socket", EnumSet.of(SectionKind.GLOBAL), StatsSocketKeywords::socket),
                KeywordRow.of("stats timeout", EnumSet.of(SectionKind.GLOBAL), (ctx, args) -> {
                    if (args.size() != 1) {
                        throw new KeywordException("'stats timeout' expects a timeout as argument.");
                    }
                    try {
                        ctx.global().statsTimeout(TimeParser.parse(args.get(0)));
                    } catch (KeywordException e) {
                        throw new KeywordException("'stats timeout' : " + e.getMessage());
                    }
                }));
    }

    /** {@code stats socket PATH|[ipv4@]ADDR:PORT [mode OCTAL] [level user|operator|admin]}. */
    private static void socket(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("'stats socket' requires a path or an address as argument.");
        }
        try {
            String where = args.get(0);
            Path path = null;
            InetSocketAddress tcp = null;
            if (where.startsWith("/") || where.startsWith("unix@")) {
                path = Path.of(where.startsWith("unix@") ? where.substring(5) : where);
            } else {
                tcp = AddressParser.bindAddress(where);
            }
            int mode = -1;
            AccessLevel level = AccessLevel.OPERATOR;
            for (int i = 1; i < args.size(); i += 2) {
                String value = i + 1 < args.size() ? args.get(i + 1) : "";
                switch (args.get(i)) {
                    case "mode" -> mode = octal(value);
                    case "level" -> level = level(value);
                    default -> throw new KeywordException("unknown keyword '" + args.get(i) + "'.");
                }
            }
            ctx.global().addStatsSocket(new StatsSocketSpec(path, tcp, mode, level, ctx.source()));
        } catch (KeywordException e) {
            throw new KeywordException("'stats socket' : " + e.getMessage());
        }
    }

    private static int octal(String value) throws KeywordException {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '7') || value.length() > 4) {
            throw new KeywordException("''mode' : missing or invalid mode '" + value + "' (octal integer expected)'");
        }
        return Integer.parseInt(value, 8);
    }

    private static AccessLevel level(String value) throws KeywordException {
        for (AccessLevel l : AccessLevel.values()) {
            if (l.keyword().equals(value)) {
                return l;
            }
        }
        throw new KeywordException("''level' only supports 'user', 'operator', and 'admin' (got '" + value + "')'");
    }
}
