package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.ConverterKeyword;
import io.ganglion.balancer.module.FetchKeyword;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles {@code fetch(args),conv(args),...} into a {@link SampleExpression}, with the keyword
 * tables of a {@link RuleScope}. The entry point for other packages ({@code log-format}'s
 * {@code %[...]}) is {@link #compile(String, RuleScope)}.
 */
public final class SampleExpressions {
    private SampleExpressions() {
    }

    /**
     * Why an expression was refused: the message without its context, and whether a converter (not
     * the fetch) was at fault, which HAProxy words differently in an ACL.
     */
    static final class Refusal extends Exception {
        final boolean converter;
        final boolean unknownConverter;
        /** What the fetch needs that the rule set does not offer, or null. */
        final SampleUse unavailable;

        Refusal(String message, boolean converter, boolean unknownConverter) {
            this(message, converter, unknownConverter, null);
        }

        Refusal(String message, boolean converter, boolean unknownConverter, SampleUse unavailable) {
            super(message);
            this.converter = converter;
            this.unknownConverter = unknownConverter;
            this.unavailable = unavailable;
        }
    }

    /**
     * Compiles {@code text} for a rule or a log format. A refused expression is reported as HAProxy
     * reports one in a rule: {@code failed to parse sample expression <TEXT> : WHY.}
     */
    public static SampleExpression compile(String text, RuleScope scope) throws RuleException {
        try {
            return parse(text, scope);
        } catch (Refusal r) {
            if (r.unavailable != null) {
                throw new RuleException("sample fetch <" + text + "> may not be reliably used here because it needs '"
                        + r.unavailable.haproxyWord() + "' which is not available here.");
            }
            throw new RuleException("failed to parse sample expression <" + text + "> : " + r.getMessage() + ".");
        }
    }

    /**
     * Compiles a {@code log-format}'s {@code %[...]} while the configuration is read, with every
     * installed package's fetches and converters. Its maps are loaded at the end of the load, as
     * HAProxy loads a log format's (which numbers their references after the ACLs').
     *
     * <pre>{@code
     * SampleExpression country = SampleExpressions.compile("src,map_ip(geo.lst,XX)", context);
     * String text = country.render(stream, null); // null: no sample, the log prints "-"
     * }</pre>
     */
    public static SampleExpression compile(String text, io.ganglion.balancer.config.ParseContext context)
            throws RuleException {
        RulesLoad load = RulesLoad.of(context.global());
        if (context.proxy() != null) {
            context.proxy().set(RulesLoad.SETTING, load);
        }
        RuleScope scope = new RuleScope(load, RuleLanguage.installed(), null,
                context.proxy() == null ? null : context.proxy().name(), context.source(), true)
                .offering(SampleUse.offeredToLogs());
        return compile(text, scope);
    }

    static SampleExpression parse(String text, RuleScope scope) throws Refusal {
        List<Call> calls = split(text);
        Call first = calls.get(0);
        if (first.name.isEmpty()) {
            throw new Refusal("missing fetch method", false, false);
        }
        FetchKeyword fk = scope.language().fetch(first.name);
        if (fk == null) {
            throw new Refusal("unknown fetch method '" + first.name + "'", false, false);
        }
        if (!scope.offered().contains(fk.use())) {
            throw new Refusal("needs '" + fk.use().haproxyWord() + "'", false, false, fk.use());
        }
        Fetch fetch;
        try {
            List<Object> args = fk.arguments().parse("fetch method '" + fk.name() + "'", false, first.args, first.rest);
            fetch = fk.compiler().compile(args, scope);
        } catch (RuleException e) {
            throw new Refusal(e.getMessage(), false, false);
        }
        SampleType type = fk.output();
        Converter[] converters = new Converter[calls.size() - 1];
        for (int i = 1; i < calls.size(); i++) {
            Call c = calls.get(i);
            ConverterKeyword ck = scope.language().converter(c.name);
            if (ck == null) {
                throw new Refusal("unknown converter '" + c.name + "'", true, true);
            }
            try {
                List<Object> args = ck.arguments().parse("converter '" + ck.name() + "'", true, c.args, c.rest);
                converters[i - 1] = ck.compiler().compile(args, scope);
            } catch (RuleException e) {
                throw new Refusal(e.getMessage(), true, false);
            }
            type = ck.output() == SampleType.ANY ? type : ck.output();
        }
        return new SampleExpression(text, first.name, fetch, converters, type);
    }

    /** One {@code name(args)} of the chain; args null without parentheses; rest is {@code (args)} as written. */
    private record Call(String name, List<String> args, String rest) {
    }

    private static List<Call> split(String text) throws Refusal {
        List<Call> calls = new ArrayList<>();
        int i = 0;
        while (true) {
            int start = i;
            while (i < text.length() && text.charAt(i) != '(' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(start, i);
            List<String> args = null;
            String rest = "";
            if (i < text.length() && text.charAt(i) == '(') {
                int open = i;
                args = new ArrayList<>();
                StringBuilder arg = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < text.length()) {
                        arg.append(text.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == ')') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (c == ',') {
                        args.add(arg.toString());
                        arg.setLength(0);
                    } else {
                        arg.append(c);
                    }
                    i++;
                }
                if (!closed) {
                    throw new Refusal((calls.isEmpty() ? "fetch method '" : "converter '") + name
                            + "' : missing closing ')' after arguments", !calls.isEmpty(), false);
                }
                if (args.isEmpty() && arg.length() == 0) {
                    args = List.of();
                } else {
                    args.add(arg.toString());
                }
                rest = text.substring(open, i);
            }
            calls.add(new Call(name, args, rest));
            if (i >= text.length()) {
                return calls;
            }
            if (text.charAt(i) != ',') {
                throw new Refusal("missing comma after " + (calls.size() == 1 ? "fetch keyword" : "converter") + " '"
                        + name + "'", calls.size() > 1, false);
            }
            i++;
        }
    }
}
