package io.ganglion.balancer.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a fetch or a converter: their types in order, how many are required. Parsed at
 * load, with HAProxy's messages for a missing, extra or ill-typed one.
 */
public record ArgumentSpec(List<ArgType> types, int required) {
    public static final ArgumentSpec NONE = new ArgumentSpec(List.of(), 0);

    public ArgumentSpec {
        types = List.copyOf(types);
    }

    public static ArgumentSpec of(int required, ArgType... types) {
        return new ArgumentSpec(List.of(types), required);
    }

    /**
     * The arguments as their types (the optional ones left out are absent from the list).
     *
     * @param owner  {@code fetch method 'req.hdr'} or {@code converter 'field'}, for messages
     * @param raw    the arguments as written, null when there were no parentheses
     * @param rawRest what followed the name as written ({@code (a,1,2)}), for the "expected ')'" message
     */
    List<Object> parse(String owner, boolean converter, List<String> raw, String rawRest) throws RuleException {
        List<String> given = raw == null ? List.of() : raw;
        if (given.size() > types.size()) {
            int extra = types.size();
            String where = converter ? "invalid arg " + (extra + 1) + " in " + owner : owner;
            throw new RuleException(where + " : expected ')' before '" + tail(rawRest, extra) + "'");
        }
        if (given.size() < required) {
            String where = converter ? "invalid arg " + (given.size() + 1) + " in " + owner : owner;
            throw new RuleException(where + " : missing arguments (got " + given.size() + "/" + required + "), type '"
                    + types.get(given.size()).word() + "' expected");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Object v = types.get(i).parse(given.get(i));
            if (v == null) {
                String where = converter ? "invalid arg " + (i + 1) + " in " + owner : owner;
                throw new RuleException(where + " : failed to parse '" + given.get(i) + "' as type '" + types.get(i).word()
                        + "' at position " + (i + 1));
            }
            out.add(v);
        }
        return out;
    }

    /** What follows the {@code n}th argument in {@code (a,b,c)}: {@code ,c)} for n = 2. */
    private static String tail(String rawRest, int n) {
        int depth = 0;
        int seen = 0;
        for (int i = 0; i < rawRest.length(); i++) {
            char c = rawRest.charAt(i);
            if (c == '(' && depth++ == 0) {
                continue;
            }
            if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 1 && ++seen == n) {
                return rawRest.substring(i);
            }
        }
        return rawRest;
    }
}
