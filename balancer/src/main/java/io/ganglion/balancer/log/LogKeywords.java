package io.ganglion.balancer.log;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.SectionKind;
import java.util.List;

/**
 * The keywords that choose a frontend's access log format: {@code log-format}, {@code option httplog
 * [clf]}, {@code option tcplog}. The last one written wins; as in HAProxy, one that replaces
 * another in a {@code defaults} section is warned about, and a backend's is ignored with a warning.
 * The format is compiled once the whole configuration is read ({@link LogModule}), when the
 * proxy's mode is known.
 */
final class LogKeywords {
    private LogKeywords() {
    }

    static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("log-format", SectionKind.ANY_PROXY, LogKeywords::logFormat),
                KeywordRow.of("option httplog", SectionKind.ANY_PROXY, LogKeywords::httpLog),
                KeywordRow.of("option tcplog", SectionKind.ANY_PROXY, LogKeywords::tcpLog));
    }

    private static void logFormat(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new KeywordException("log-format expects an argument.");
        }
        if (args.size() > 1) {
            throw new KeywordException("log-format expects only one argument, don't forget to escape spaces!");
        }
        RuleLogSamples.precompile(ctx, args.get(0));
        choose(ctx, AccessLogFormat.custom(args.get(0), ctx.source()), "log-format");
    }

    private static void httpLog(ParseContext ctx, List<String> args) throws KeywordException {
        AccessLogFormat format = AccessLogFormat.httpLog(ctx.source());
        if (!args.isEmpty()) {
            if (!args.get(0).equals("clf")) {
                throw new KeywordException("keyword 'httplog' only supports option 'clf'.");
            }
            if (args.size() > 1) {
                throw new KeywordException("'option httplog' cannot handle unexpected argument '" + args.get(1) + "'.");
            }
            format = AccessLogFormat.clfLog(ctx.source());
        }
        choose(ctx, format, "option httplog");
    }

    private static void tcpLog(ParseContext ctx, List<String> args) throws KeywordException {
        if (!args.isEmpty()) {
            throw new KeywordException("'option tcplog' cannot handle unexpected argument '" + args.get(0) + "'.");
        }
        choose(ctx, AccessLogFormat.tcpLog(ctx.source()), "option tcplog");
    }

    private static void choose(ParseContext ctx, AccessLogFormat format, String directive) {
        AccessLogFormat previous = ctx.proxy().writtenAccessLogFormat();
        if (ctx.section() == SectionKind.DEFAULTS && previous.atEnd()) {
            // HAProxy's own spacing: no blank before this colon.
            ctx.warnAsWritten("parsing [" + ctx.source() + "]: '" + format.kind().keyword()
                    + "' overrides previous '" + previous.kind().keyword() + "' in 'defaults' section.");
        }
        ctx.proxy().accessLogFormat(format);
        if (ctx.section() == SectionKind.BACKEND) {
            ctx.warn("backend '" + ctx.proxy().name() + "' : '" + directive + "' directive is ignored in backends.");
        }
    }
}
