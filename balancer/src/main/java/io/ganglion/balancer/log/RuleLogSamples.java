package io.ganglion.balancer.log;

import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.SampleExpression;
import io.ganglion.balancer.rules.SampleExpressions;
import java.util.HashMap;
import java.util.Map;

/**
 * A log format's {@code %[fetch,converter...]} through the rule engine, with every fetch and
 * converter the installed packages declare ({@code src,map_ip(geo.lst,XX)}, {@code sc_*}...).
 *
 * <p>The expressions are compiled while the {@code log-format} line is read ({@link #precompile}):
 * the engine needs the parse context then, to load the maps a format names at the end of the load,
 * where HAProxy loads them (which gives their references HAProxy's numbers, after the ACLs'). The
 * format itself is compiled later, once the proxy's mode is known; this compiler then hands out the
 * expression compiled for the same text, or the engine's refusal.
 */
final class RuleLogSamples implements LogSampleCompiler {
    /** A proxy's {@code %[...]} expressions by text, as compiled when its {@code log-format} line was read. */
    static final Setting<Map<String, Outcome>> COMPILED = Setting.of("log-format samples", Map.of());

    /** What the engine made of one expression. */
    sealed interface Outcome {
    }

    record Compiled(SampleExpression expression) implements Outcome {
    }

    /** @param reason HAProxy's reason, without the "failed to parse sample expression" part */
    record Refused(String reason) implements Outcome {
    }

    private static final String ENGINE_PREFIX = "failed to parse sample expression <";

    private final Map<String, Outcome> compiled;

    private RuleLogSamples(Map<String, Outcome> compiled) {
        this.compiled = compiled;
    }

    /** The compiler for {@code proxy}'s format: the expressions of its {@code log-format} line. */
    static LogSampleCompiler of(ProxySection proxy) {
        return of(proxy.get(COMPILED));
    }

    /** The compiler over expressions {@link #precompile}d into {@link #COMPILED}. */
    static LogSampleCompiler of(Map<String, Outcome> compiled) {
        return new RuleLogSamples(compiled);
    }

    /** Compiles every {@code %[...]} of {@code format} for the proxy being read. */
    static void precompile(ParseContext ctx, String format) {
        Map<String, Outcome> outcomes = new HashMap<>(ctx.proxy().get(COMPILED));
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) != '%') {
                continue;
            }
            int j = i + 1;
            if (j < format.length() && format.charAt(j) == '%') {
                i = j; // "%%" is a '%'
                continue;
            }
            if (j < format.length() && format.charAt(j) == '{') {
                int close = format.indexOf('}', j);
                j = close < 0 ? format.length() : close + 1;
            }
            if (j < format.length() && format.charAt(j) == '[') {
                String text = format.substring(j + 1, j + 1 + expressionLength(format.substring(j + 1)));
                outcomes.computeIfAbsent(text, t -> compile(t, ctx));
                i = j + text.length();
            }
        }
        ctx.proxy().set(COMPILED, Map.copyOf(outcomes));
    }

    private static Outcome compile(String text, ParseContext ctx) {
        try {
            return new Compiled(SampleExpressions.compile(text, ctx));
        } catch (RuleException e) {
            String why = e.getMessage();
            String prefix = ENGINE_PREFIX + text + "> : ";
            if (why.startsWith(prefix)) {
                why = why.substring(prefix.length());
            }
            return new Refused(why.endsWith(".") ? why.substring(0, why.length() - 1) : why);
        }
    }

    @Override
    public LogSampleCompiler.Compiled compile(String text, Source where) throws LogFormatException {
        int length = expressionLength(text);
        Outcome outcome = compiled.get(text.substring(0, length));
        if (outcome instanceof Compiled c) {
            SampleExpression e = c.expression();
            return new LogSampleCompiler.Compiled(logged -> e.render(logged.stream(), null), length);
        }
        if (outcome instanceof Refused r) {
            throw refusal(r.reason(), text, length);
        }
        // Every %[...] of a log-format line is compiled as the line is read; HAProxy's named formats have none.
        throw new IllegalStateException("%[" + text + " was not compiled when its log-format line was read");
    }

    /**
     * The engine's refusal in the words HAProxy uses in a log format, where its sample parser was
     * given the rest of the format: that rest is what it quotes.
     */
    private static LogFormatException refusal(String reason, String rest, int length) {
        String expression = rest.substring(0, length);
        String unavailable = "sample fetch <" + expression + "> may not be reliably used here";
        if (reason.startsWith(unavailable)) {
            return LogFormatException.whole("sample fetch <" + rest + "> may not be reliably used here"
                    + reason.substring(unavailable.length(), reason.length() - (reason.endsWith(".") ? 1 : 0)));
        }
        int missingParenthesis = reason.indexOf(" : expected ')' before '");
        if (reason.startsWith("fetch method '") && missingParenthesis > 0 && rest.indexOf('(') >= 0) {
            return new LogFormatException(reason.substring(0, missingParenthesis) + " : expected ')' before '"
                    + rest.substring(rest.indexOf('(') + 1) + "'");
        }
        return new LogFormatException(reason);
    }

    /**
     * Where an expression ends, as HAProxy's sample parser stops: fetch and converter names, each
     * with its parenthesised arguments (quotes and nested parentheses kept whole), joined by commas.
     */
    static int expressionLength(String text) {
        int i = 0;
        while (true) {
            while (i < text.length() && isNameChar(text.charAt(i))) {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '(') {
                i = argumentsEnd(text, i);
            }
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
                continue;
            }
            return i;
        }
    }

    private static int argumentsEnd(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static boolean isNameChar(char c) {
        return (Character.isLetterOrDigit(c) && c < 128) || c == '.' || c == '_' || c == '-';
    }
}
