package io.ganglion.balancer.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The process-wide keywords of {@code global}: {@code maxconn}, {@code maxconnrate},
 * {@code maxsessrate}, {@code nbthread}, {@code log}.
 */
final class GlobalKeywords {
    private static final Set<SectionKind> GLOBAL = EnumSet.of(SectionKind.GLOBAL);

    private GlobalKeywords() {
    }

    static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("maxconn", GLOBAL, (ctx, args) -> ctx.global().maxconn(
                        Arguments.integer(args.size() == 1 ? args.get(0) : "", "'maxconn' expects an integer argument."))),
                KeywordRow.of("maxconnrate", GLOBAL, (ctx, args) -> ctx.global().maxconnrate(rate("maxconnrate", args))),
                KeywordRow.of("maxsessrate", GLOBAL, (ctx, args) -> ctx.global().maxsessrate(rate("maxsessrate", args))),
                KeywordRow.of("nbthread", GLOBAL, (ctx, args) -> {
                    String value = args.isEmpty() ? "" : args.get(0);
                    ctx.global().nbthread(Arguments.integer(value,
                            "'nbthread' passed a missing or unparsable integer value in '" + value + "'"));
                }),
                KeywordRow.of("log", GLOBAL, GlobalKeywords::log));
    }

    /**
     * {@code maxconnrate N}, {@code maxsessrate N}: HAProxy's words. HAProxy reads the number with
     * {@code atoi} (so {@code abc} is 0, no limit); a number is required here.
     */
    private static int rate(String keyword, List<String> args) throws KeywordException {
        if (args.size() > 1) {
            throw new KeywordException("'" + keyword + "' cannot handle unexpected argument '" + args.get(1) + "'.");
        }
        return Arguments.integer(args.isEmpty() ? "" : args.get(0), "'" + keyword + "' expects an integer argument.");
    }

    /** {@code log stdout|stderr [len N] [format raw|short|local|rfc3164] FACILITY}, in HAProxy's order. */
    private static void log(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.size() < 2) {
            throw new KeywordException("log : expects <address> and <facility>  as arguments");
        }
        String target = args.get(0);
        if (!target.equals("stdout") && !target.equals("stderr")) {
            throw new KeywordException("log : only 'stdout' and 'stderr' targets are supported (got '" + target + "')");
        }
        int next = 1;
        int length = LogTarget.DEFAULT_LENGTH;
        if (args.get(1).equals("len")) {
            String value = args.size() > 2 ? args.get(2) : "";
            length = value.matches("\\d{1,5}") ? Integer.parseInt(value) : -1;
            if (length < LogTarget.MIN_LENGTH || length > LogTarget.MAX_LENGTH) {
                throw new KeywordException("log : invalid log length '" + value + "', must be between "
                        + LogTarget.MIN_LENGTH + " and " + LogTarget.MAX_LENGTH);
            }
            next = 3;
        }
        String format = "local"; // HAProxy 2.6's default on stdout/stderr: rfc3164 without the host
        if (args.size() > next && args.get(next).equals("format")) {
            format = args.size() > next + 1 ? args.get(next + 1) : "";
            if (!LogTarget.FORMATS.contains(format)) {
                throw new KeywordException("log : unknown log format '" + format + "'");
            }
            next += 2;
        }
        if (args.size() > next + 1) {
            throw new KeywordException("log : unexpected argument '" + args.get(next + 1) + "'");
        }
        // HAProxy requires the facility, even for formats that do not print it.
        String facility = args.size() > next ? args.get(next) : "";
        if (LogTarget.facilityCode(facility) < 0) {
            throw new KeywordException("log : unknown log facility '" + facility + "'");
        }
        ctx.global().addLog(new LogTarget(target, format, facility, ctx.source(), length));
    }
}
