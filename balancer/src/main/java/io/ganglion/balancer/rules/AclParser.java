package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.AclKeyword;
import io.ganglion.balancer.pattern.MatchMethod;
import io.ganglion.balancer.pattern.PatternException;
import io.ganglion.balancer.pattern.PatternExpression;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.pattern.ValueKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the words of one ACL ({@code FETCH[,CONV...] [-i] [-f FILE]... [-m METHOD] [-n] [--]
 * [VALUES...]}) into an {@link AclTerm}, creating its pattern references in HAProxy's order: each
 * {@code -f} file's as the flags are read, then the line's own for its inline values.
 */
final class AclParser {
    private AclParser() {
    }

    /**
     * @param warnings where the "no pattern" warning goes
     * @throws RuleException with the message HAProxy gives after "error detected while parsing ACL 'NAME' : "
     */
    static AclTerm parse(List<String> words, RuleScope scope, List<String> warnings) throws RuleException {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new RuleException("missing fetch method in ACL expression ''.");
        }
        String text = words.get(0);
        MatchMethod method = null;
        SampleExpression sample;
        String fetchForRef;
        AclKeyword derived = scope.language().aclKeyword(text.contains(",") ? text.substring(0, text.indexOf(',')) : text);
        String expr = text;
        if (derived != null) {
            method = derived.method();
            expr = derived.fetch() + text.substring(derived.name().length());
        }
        try {
            // an ACL whose fetch the rule set lacks is loaded (HAProxy warns it will never match): no sample then
            sample = SampleExpressions.parse(expr, scope.offering(java.util.EnumSet.allOf(SampleUse.class)));
        } catch (SampleExpressions.Refusal r) {
            String fetch = text.contains("(") || text.contains(",") ? text.split("[(,]", 2)[0] : text;
            if (r.unknownConverter) {
                throw new RuleException(r.getMessage() + " in ACL expression '" + text + "'.");
            }
            if (r.converter) {
                throw new RuleException("ACL keyword '" + fetch + "' : " + r.getMessage() + "..");
            }
            throw new RuleException(r.getMessage() + " in ACL expression '" + text + "'.");
        }
        fetchForRef = derived != null ? derived.name() : sample.fetchName();
        boolean ignoreCase = false;
        List<String> files = new ArrayList<>();
        int i = 1;
        for (; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("-") || w.equals("-")) {
                break;
            }
            if (w.equals("--")) {
                i++;
                break;
            }
            switch (w) {
                case "-i" -> ignoreCase = true;
                case "-n", "-u" -> {
                    // -n: no name resolution (never done here); -u: unique id, meaningless without one
                }
                case "-f" -> files.add(i + 1 < words.size() ? words.get(++i) : "");
                case "-m" -> {
                    String m = i + 1 < words.size() ? words.get(++i) : "";
                    method = MatchMethod.named(m);
                    if (method == null) {
                        throw new RuleException("unknown matching method '" + m + "' when parsing ACL expression.");
                    }
                }
                default -> throw new RuleException("'" + w + "' is not a valid pattern flag. Valid are -i, -f, -m, -n, -u and --.");
            }
        }
        if (method == null) {
            if (sample.type() == SampleType.ANY) {
                throw new RuleException("matching method must be specified first (using '-m') when using a sample fetch "
                        + "of this type ('" + sample.fetchName() + "').");
            }
            method = sample.type().defaultMatch();
        }
        List<String> values = operators(words.subList(i, words.size()), method);
        PatternReferences refs = scope.patterns();
        List<PatternExpression> patterns = new ArrayList<>();
        for (String file : files) {
            PatternReference r;
            try {
                r = refs.file(file, new PatternReferences.User(PatternReference.Kind.ACL, scope.where().file(), scope.where().line()));
            } catch (IOException e) {
                throw new RuleException("failed to open pattern file <" + file + ">.");
            }
            try {
                patterns.add(r.expression(method, ignoreCase, ValueKind.NONE));
            } catch (PatternException e) {
                throw new RuleException(e.getMessage());
            }
        }
        PatternReference inline = refs.inline(fetchForRef, scope.where().file(), scope.where().line());
        try {
            patterns.add(inline.expression(method, ignoreCase, ValueKind.NONE));
            for (String v : values) {
                inline.load(v, null);
            }
        } catch (PatternException e) {
            throw new RuleException(e.getMessage());
        }
        if (values.isEmpty() && files.isEmpty() && method != MatchMethod.FOUND && method != MatchMethod.BOOL
                && i == words.size() && !words.contains("--")) {
            warnings.add("parsing acl keyword '" + fetchForRef + "' :\n"
                    + "  no pattern to match against were provided, so this ACL will never match.\n"
                    + "  If this is what you intended, please add '--' to get rid of this warning.\n"
                    + "  If you intended to match only for existence, please use '-m found'.\n"
                    + "  If you wanted to force an int to match as a bool, please use '-m bool'.\n");
        }
        return new AclTerm(sample, method, patterns.toArray(new PatternExpression[0]));
    }

    /**
     * HAProxy's integer operators ({@code gt 10} is kept as {@code 11:}): an operator word applies to
     * the values after it. Only for the integer methods.
     */
    private static List<String> operators(List<String> values, MatchMethod method) throws RuleException {
        if (method != MatchMethod.INT && method != MatchMethod.LEN) {
            return values;
        }
        List<String> out = new ArrayList<>();
        String op = "eq";
        for (String v : values) {
            if (v.equals("eq") || v.equals("ge") || v.equals("gt") || v.equals("le") || v.equals("lt")) {
                op = v;
                continue;
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                if (op.equals("eq")) {
                    out.add(v); // a range (10:20) or a bad value, which the index refuses with HAProxy's text
                    continue;
                }
                throw new RuleException("'" + v + "' is neither a number nor a supported operator.");
            }
            out.add(switch (op) {
                case "gt" -> (n + 1) + ":";
                case "ge" -> n + ":";
                case "lt" -> ":" + (n - 1);
                case "le" -> ":" + n;
                default -> Long.toString(n);
            });
        }
        return out;
    }
}
