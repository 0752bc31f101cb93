package io.ganglion.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code show stat} CSV by its header line ({@code # pxname,svname,...}), never by
 * position, so HAProxy 2.6, 2.8+ (which insert columns) and the bundled balancer all parse.
 * A value that contains a comma arrives in double quotes ({@code "a,b"}, with {@code ""} for a quote).
 */
public final class StatCsv {

    private StatCsv() {
    }

    public static List<StatRow> parse(String text) {
        List<String> lines = text.lines().filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return List.of();
        }
        String header = lines.get(0);
        if (!header.startsWith("# ")) {
            throw new IllegalArgumentException("show stat CSV must start with a '# ' header line, got: "
                    + abbreviate(header));
        }
        List<String> names = split(header.substring(2));
        List<StatRow> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            rows.add(new StatRow(zip(names, split(line))));
        }
        return List.copyOf(rows);
    }

    /** Pairs names with values; an empty name (the trailing comma) and repeated names keep their first value. */
    private static Map<String, String> zip(List<String> names, List<String> values) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!name.isEmpty()) {
                columns.putIfAbsent(name, i < values.size() ? values.get(i) : "");
            }
        }
        return columns;
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
