package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import java.util.ArrayList;
import java.util.List;

/**
 * A log-format string as the rules' actions take it ({@code set-header X-Country %[src,map_ip(f)]},
 * {@code return lf-string ...}): literal text and {@code %[sample]} parts, compiled at load. A missing
 * sample renders as {@code -}, as in HAProxy's log-format. The {@code %ci}-style log variables
 * belong to the {@code log-format} engine and are refused here.
 */
public final class FormatString {
    private final String[] literals;
    private final SampleExpression[] samples;

    private FormatString(String[] literals, SampleExpression[] samples) {
        this.literals = literals;
        this.samples = samples;
    }

    /** Whether the string has no sample: it renders the same text for every stream. */
    public boolean isConstant() {
        return samples.length == 0;
    }

    public static FormatString compile(String text, RuleScope scope) throws RuleException {
        List<String> literals = new ArrayList<>();
        List<SampleExpression> samples = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                lit.append(c);
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                lit.append('%');
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '[') {
                int end = text.indexOf(']', i + 2);
                if (end < 0) {
                    throw new RuleException("missing ']' after '" + text.substring(i + 2) + "'.");
                }
                String expr = text.substring(i + 2, end);
                try {
                    samples.add(SampleExpressions.parse(expr, scope));
                } catch (SampleExpressions.Refusal r) {
                    throw new RuleException("failed to parse sample expression <" + text.substring(i + 2) + "> : "
                            + r.getMessage() + ".");
                }
                literals.add(lit.toString());
                lit.setLength(0);
                i = end;
                continue;
            }
            throw new RuleException("log-format variable '" + text.substring(i) + "' is not supported in rules.");
        }
        literals.add(lit.toString());
        return new FormatString(literals.toArray(new String[0]), samples.toArray(new SampleExpression[0]));
    }

    public String render(Stream stream, Object message) {
        if (samples.length == 0) {
            return literals[0];
        }
        StringBuilder sb = new StringBuilder(literals[0]);
        for (int i = 0; i < samples.length; i++) {
            String v = samples[i].render(stream, message);
            sb.append(v == null ? "-" : v).append(literals[i + 1]);
        }
        return sb.toString();
    }
}
