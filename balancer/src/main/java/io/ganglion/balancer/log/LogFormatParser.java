package io.ganglion.balancer.log;

import io.ganglion.balancer.config.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a log-format string into a {@link LogFormat}, reading it as HAProxy 2.6's
 * {@code parse_logformat_string} does (same states, same edge cases: {@code %%} is a {@code %}, a
 * {@code %} before anything but a letter, {@code {}, {@code [} or {@code %} is dropped, every
 * space is a separator) and refusing what it refuses with its messages.
 */
public final class LogFormatParser {
    private enum State { INIT, TEXT, SEPARATOR, STARTVAR, STARG, EDARG, STEXPR, VAR, EDEXPR, END }

    private final String format;
    private final boolean httpMode;
    private final LogSampleCompiler samples;
    private final Source where;
    private final List<LogFormat.Part> parts = new ArrayList<>();
    /** The flags every element starts with: mandatory, then what {@code %o} sets. */
    private int defaultOptions = LogOptions.MANDATORY;

    private LogFormatParser(String format, boolean httpMode, LogSampleCompiler samples, Source where) {
        this.format = format;
        this.httpMode = httpMode;
        this.samples = samples;
        this.where = where;
    }

    /**
     * @param httpMode whether the proxy is in {@code mode http} (HTTP variables are refused otherwise)
     * @param where    the {@code log-format} line, for the sample compiler
     * @throws LogFormatException with HAProxy's message (the caller adds "failed to parse log-format")
     */
    public static LogFormat compile(String format, boolean httpMode, LogSampleCompiler samples, Source where)
            throws LogFormatException {
        LogFormatParser p = new LogFormatParser(format, httpMode, samples, where);
        p.parse();
        return new LogFormat(p.parts);
    }

    private void parse() throws LogFormatException {
        int n = format.length();
        int sp = 0;
        int arg = -1;
        int argLen = 0;
        int var = -1;
        int varLen = 0;
        State cformat = State.INIT;
        State pformat = State.INIT;
        for (int i = 0; cformat != State.END; i++) {
            char c = i < n ? format.charAt(i) : 0;
            pformat = cformat;
            if (c == 0) {
                cformat = State.END;
            }
            switch (pformat) {
                case STARTVAR -> { // just after a '%'
                    arg = -1;
                    var = -1;
                    argLen = 0;
                    varLen = 0;
                    if (c == '{') {
                        cformat = State.STARG;
                        arg = i + 1;
                    } else if (c == '[') {
                        cformat = State.STEXPR;
                        var = i + 1;
                    } else if (isAlpha(c)) {
                        cformat = State.VAR;
                        var = i;
                    } else if (c == '%') {
                        cformat = State.TEXT; // "%%" is a '%'
                    } else if (isDigit(c) || c == ' ' || c == '\t') {
                        throw new LogFormatException("unexpected variable name near '" + c + "' at position " + i
                                + " line : '" + format + "'. Maybe you want to write a single '%', use the syntax '%%'");
                    } else {
                        cformat = State.INIT; // the '%' is dropped, what follows is text
                    }
                }
                case STARG -> {
                    if (c == '}') {
                        cformat = State.EDARG;
                        argLen = i - arg;
                    }
                }
                case EDARG -> {
                    if (c == '[') {
                        cformat = State.STEXPR;
                        var = i + 1;
                    } else if (isAlnum(c)) {
                        cformat = State.VAR;
                        var = i;
                    } else {
                        throw new LogFormatException("parse argument modifier without variable name near '%{"
                                + format.substring(arg, arg + argLen) + "}'");
                    }
                }
                case STEXPR -> {
                    int end = sample(var, arg, argLen);
                    char next = end < n ? format.charAt(end) : 0;
                    if (next != ']') {
                        String expr = format.substring(var, end);
                        throw new LogFormatException(next >= 32 && next < 127
                                ? "expected ']' after '" + expr + "', but found '" + next + "'"
                                : "missing ']' after '" + expr + "'");
                    }
                    cformat = State.EDEXPR;
                    pformat = State.EDEXPR;
                    i = end;
                    sp = end;
                    c = ']';
                }
                case VAR -> {
                    varLen = i - var;
                    if (!isAlnum(c)) {
                        cformat = State.INIT;
                    }
                }
                default -> cformat = State.INIT;
            }
            if (cformat == State.INIT) {
                cformat = c == '%' ? State.STARTVAR : c == 0 ? State.END : c == ' ' ? State.SEPARATOR : State.TEXT;
            }
            if (cformat != pformat || pformat == State.SEPARATOR) {
                switch (pformat) {
                    case VAR -> variable(arg, argLen, var, varLen);
                    case TEXT -> parts.add(new LogFormat.Text(format.substring(sp, i)));
                    case SEPARATOR -> parts.add(LogFormat.SEPARATOR);
                    default -> {
                    }
                }
                sp = i;
            }
        }
        if (pformat == State.STARTVAR || pformat == State.STARG || pformat == State.STEXPR) {
            String after = var >= 0 ? format.substring(var) : arg >= 0 ? format.substring(arg) : "%";
            throw new LogFormatException("truncated line after '" + after + "'");
        }
    }

    /** Compiles {@code %[...]} starting at {@code start}; returns where the expression stopped. */
    private int sample(int start, int arg, int argLen) throws LogFormatException {
        String rest = format.substring(start);
        LogSampleCompiler.Compiled compiled;
        try {
            compiled = samples.compile(rest, where);
        } catch (LogFormatException e) {
            if (e.whole()) {
                throw e;
            }
            throw new LogFormatException("failed to parse sample expression <" + rest + "> : " + e.getMessage());
        }
        int options = defaultOptions;
        if (arg >= 0 && argLen > 0) {
            options = LogOptions.apply(format.substring(arg, arg + argLen), options);
        }
        parts.add(new LogFormat.Sample(compiled.sample(), options));
        return start + compiled.length();
    }

    private void variable(int arg, int argLen, int var, int varLen) throws LogFormatException {
        String name = format.substring(var, var + varLen);
        int options = defaultOptions;
        if (arg >= 0 && argLen > 0) {
            options = LogOptions.apply(format.substring(arg, arg + argLen), options);
        }
        if (name.equals("o")) { // HAProxy's "global option": the flags of every element after it
            defaultOptions = options;
            return;
        }
        LogVariable v = LogVariable.named(name);
        if (v == null) {
            throw new LogFormatException("no such format variable '" + name
                    + "'. If you wanted to emit the '%' character verbatim, you need to use '%%'");
        }
        if (v.httpOnly() && !httpMode) {
            throw new LogFormatException("format variable '" + name + "' is reserved for HTTP mode");
        }
        parts.add(new LogFormat.Variable(v, options));
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isAlpha(c) || isDigit(c);
    }
}
