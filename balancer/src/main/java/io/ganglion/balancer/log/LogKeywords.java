package io.ganglion.balancer.log;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.proxy.stream.HeaderCaptures;
import io.ganglion.balancer.proxy.stream.UniqueId;
import java.util.List;

/**
 * The keywords that choose a frontend's access log format: {@code log-format}, {@code option httplog
 * [clf]}, {@code option tcplog}; and what the log line shows or skips: {@code capture request|response
 * header}, {@code unique-id-format}, {@code unique-id-header}, {@code option dontlognull}. The last one written wins; as in HAProxy, one that replaces
 * another in a {@code defaults} section is warned about, and a backend's is ignored with a warning.
 * The format is compiled once the whole configuration is read ({@link LogModule}), when the
 * proxy's mode is known.
 */
final class LogKeywords {
    /** {@code option dontlognull} of a frontend. */
    static final Setting<Boolean> DONT_LOG_NULL = Setting.of("option dontlognull", false);

    private LogKeywords() {
    }

    static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("log-format", SectionKind.ANY_PROXY, LogKeywords::logFormat),
                KeywordRow.of("option httplog", SectionKind.ANY_PROXY, LogKeywords::httpLog),
                KeywordRow.of("option tcplog", SectionKind.ANY_PROXY, LogKeywords::tcpLog),
                KeywordRow.of("unique-id-format", SectionKind.ANY_PROXY, LogKeywords::uniqueIdFormat),
                KeywordRow.of("unique-id-header", SectionKind.ANY_PROXY, (ctx, args) -> {
                    if (args.isEmpty() || args.get(0).isEmpty()) {
                        throw new KeywordException("unique-id-header expects an argument.");
                    }
                    ctx.proxy().set(UniqueId.HEADER, args.get(0));
                }),
                KeywordRow.negatable("option dontlognull", SectionKind.ANY_PROXY, LogKeywords::dontLogNull),
                KeywordRow.of("capture request", SectionKind.ANY_PROXY, (ctx, args) -> capture(ctx, args, "request")),
                KeywordRow.of("capture response", SectionKind.ANY_PROXY, (ctx, args) -> capture(ctx, args, "response")),
                KeywordRow.of("capture", SectionKind.ANY_PROXY, (ctx, args) -> {
                    throw new KeywordException("'capture' expects 'cookie' or 'request header' or 'response header'.");
                }));
    }

    private static void uniqueIdFormat(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new KeywordException("unique-id-format expects an argument.");
        }
        if (args.size() > 1) {
            throw new KeywordException("unique-id-format expects only one argument, don't forget to escape spaces!");
        }
        RuleLogSamples.precompile(ctx, args.get(0));
        ctx.proxy().set(UniqueId.FORMAT, new UniqueIdFormat(args.get(0), ctx.source(),
                RuleLogSamples.of(ctx.proxy().get(RuleLogSamples.COMPILED))));
    }

    /** {@code option dontlognull}: no line for a stream whose client sent nothing; a backend ignores it. */
    private static void dontLogNull(ParseContext ctx, List<String> args) throws KeywordException {
        if (!args.isEmpty()) {
            throw new KeywordException("'option dontlognull' cannot handle unexpected argument '" + args.get(0) + "'.");
        }
        if (ctx.section() == SectionKind.BACKEND) {
            ctx.warn("'dontlognull' ignored because backend '" + ctx.proxy().name() + "' has no frontend capability.");
            return;
        }
        ctx.proxy().set(DONT_LOG_NULL, !ctx.negated());
    }

    /**
     * {@code capture request|response header NAME len N}, checked in HAProxy's order: a backend
     * ignores it with a warning, {@code defaults} refuses it, then the words. Stricter than HAProxy,
     * which reads a length that is not a number as 0: a length must be a number.
     */
    private static void capture(ParseContext ctx, List<String> args, String side) throws KeywordException {
        if (ctx.section() == SectionKind.BACKEND) {
            ctx.warn("'capture' ignored because backend '" + ctx.proxy().name() + "' has no frontend capability.");
            return;
        }
        if (ctx.section() == SectionKind.DEFAULTS) {
            throw new KeywordException("'capture " + side + "' not allowed in 'defaults' section.");
        }
        if (args.size() > 4) {
            throw new KeywordException("'capture " + side + "' cannot handle unexpected argument '" + args.get(4) + "'.");
        }
        if (args.size() < 4 || !args.get(0).equals("header") || !args.get(2).equals("len") || !args.get(3).matches("\\d{1,9}")) {
            throw new KeywordException("'capture " + side + "' expects 'header' <header_name> 'len' <len>.");
        }
        HeaderCaptures.Capture c = new HeaderCaptures.Capture(args.get(1), Integer.parseInt(args.get(3)));
        HeaderCaptures captures = ctx.proxy().get(HeaderCaptures.SETTING);
        ctx.proxy().set(HeaderCaptures.SETTING, side.equals("request") ? captures.withRequest(c) : captures.withResponse(c));
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
