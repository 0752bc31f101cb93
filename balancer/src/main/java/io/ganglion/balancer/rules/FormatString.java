package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import java.util.ArrayList;
import java.util.List;

/**
 * A log-format string as the rules' actions take it ({@code set-header X-Country %[src,map_ip(f)]},
 * {@code return lf-string ...}): literal text and {@code %[sample]} parts, compiled at load. A missing
 * sample renders as nothing (HAProxy prints {@code -} for one in a log line only). The {@code %ci}-style log variables
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
                int end = closingBracket(text, i + 2);
                if (end < 0) {
                    throw new RuleException("missing ']' after '" + text.substring(i + 2) + "'.");
                }
                String expr = text.substring(i + 2, end);
                try {
                    samples.add(SampleExpressions.parse(expr, scope));
                } catch (SampleExpressions.Refusal r) {
                    if (r.unavailable != null) {
                        throw new RuleException("sample fetch <" + text.substring(i + 2) + "> may not be reliably used here "
                                + "because it needs '" + r.unavailable.haproxyWord() + "' which is not available here.");
                    }
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

    /**
     * Where {@code %[...]} ends: the first {@code ]} outside a fetch's or converter's arguments
     * (which end at their first {@code )}, as HAProxy reads them), -1 when none.
     */
    private static int closingBracket(String text, int from) {
        boolean inArgs = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i++;
            } else if (c == '(') {
                inArgs = true;
            } else if (c == ')') {
                inArgs = false;
            } else if (c == ']' && !inArgs) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The rendering as bytes for a body: the configuration's text in UTF-8 (as the file was
     * written), the samples' text byte for byte (a sample's chars are the bytes it was read from).
     */
    public byte[] renderBytes(Stream stream, Object message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(literals[0].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < samples.length; i++) {
            String v = samples[i].render(stream, message);
            out.writeBytes((v == null ? "" : v).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(literals[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    public String render(Stream stream, Object message) {
        if (samples.length == 0) {
            return literals[0];
        }
        if (samples.length == 1 && literals[0].isEmpty() && literals[1].isEmpty()) {
            // the usual %[src,map_ip(...)] alone: the sample's own text, no builder and no copy
            String v = samples[0].render(stream, message);
            return v == null ? "" : v;
        }
        StringBuilder sb = new StringBuilder(literals[0]);
        for (int i = 0; i < samples.length; i++) {
            String v = samples[i].render(stream, message);
            sb.append(v == null ? "" : v).append(literals[i + 1]);
        }
        return sb.toString();
    }
}
