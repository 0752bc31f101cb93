package io.ganglion.balancer.stats;

import java.util.Map;

/**
 * How HAProxy describes one field in its typed and JSON outputs: origin, nature and scope (one
 * letter each, e.g. {@code MCP} = metric, counter, process) and the value type ({@code u32},
 * {@code u64}, {@code s32}, {@code str}...).
 */
public record FieldTag(char origin, char nature, char scope, String type) {
    private static final Map<Character, String> ORIGINS = Map.of('M', "Metric", 'S', "Status", 'K', "Key", 'C',
            "Config", 'P', "Product");
    private static final Map<Character, String> NATURES = Map.ofEntries(Map.entry('A', "Age"), Map.entry('a', "Avg"),
            Map.entry('C', "Counter"), Map.entry('D', "Duration"), Map.entry('G', "Gauge"), Map.entry('L', "Limit"),
            Map.entry('M', "Max"), Map.entry('m', "Min"), Map.entry('N', "Name"), Map.entry('O', "Output"),
            Map.entry('R', "Rate"), Map.entry('T', "Time"));
    private static final Map<Character, String> SCOPES = Map.of('C', "Cluster", 'P', "Process", 'S', "Service", 's',
            "System");

    /** Parses {@code "MCP:u64"}. */
    public static FieldTag parse(String text) {
        if (text.length() < 5 || text.charAt(3) != ':') {
            throw new IllegalArgumentException("bad field tag '" + text + "'");
        }
        FieldTag t = new FieldTag(text.charAt(0), text.charAt(1), text.charAt(2), text.substring(4));
        if (!ORIGINS.containsKey(t.origin) || !NATURES.containsKey(t.nature) || !SCOPES.containsKey(t.scope)) {
            throw new IllegalArgumentException("bad field tag '" + text + "'");
        }
        return t;
    }

    /** The three letters, as {@code show stat typed} prints them. */
    public String letters() {
        return "" + origin + nature + scope;
    }

    public String originWord() {
        return ORIGINS.get(origin);
    }

    public String natureWord() {
        return NATURES.get(nature);
    }

    public String scopeWord() {
        return SCOPES.get(scope);
    }

    public boolean isString() {
        return type.equals("str");
    }
}
