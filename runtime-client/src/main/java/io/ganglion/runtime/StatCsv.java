package io.ganglion.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code show stat} CSV by its header line ({@code # pxname,svname,...}), never by
 * position, so HAProxy 2.6, 2.8+ (which insert columns) and the bundled balancer all parse.
 * A value that contains a comma arrives in double quotes ({@code "a,b"}, with {@code ""} for a quote).
 */
public final class StatCsv {

    private StatCsv() {
    }

    public static List<StatRow> parse(String text) {
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> names = split(lines.get(0).substring(2));
        List<StatRow> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            rows.add(new StatRow(zip(names, split(line))));
        }
        return List.copyOf(rows);
    }

    /**
     * The rows with only the named {@code columns} (a column the header lacks is left out, so reads
     * as ""), each line split no further than the last of them. For a caller that reads a few
     * columns of many rows: a row of every column is a map of about 180 entries in HAProxy 2.6, and
     * the agent's resync of 1,000 servers allocated 24 MiB that way (issue 18).
     */
    public static List<StatRow> parse(String text, Set<String> columns) {
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> names = split(lines.get(0).substring(2));
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (columns.contains(names.get(i))) {
                wanted.putIfAbsent(names.get(i), i);
            }
        }
        int fields = wanted.values().stream().mapToInt(i -> i + 1).max().orElse(0);
        List<StatRow> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> values = split(line, fields);
            Map<String, String> row = new LinkedHashMap<>();
            wanted.forEach((name, i) -> row.put(name, i < values.size() ? values.get(i) : ""));
            rows.add(new StatRow(row));
        }
        return List.copyOf(rows);
    }

    /** The non-empty lines, the first the {@code # } header. */
    private static List<String> lines(String text) {
        List<String> lines = text.lines().filter(line -> !line.isEmpty()).toList();
        if (!lines.isEmpty() && !lines.get(0).startsWith("# ")) {
            throw new IllegalArgumentException("show stat CSV must start with a '# ' header line, got: "
                    + abbreviate(lines.get(0)));
        }
        return lines;
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
        return split(line, Integer.MAX_VALUE);
    }

    /** The first {@code limit} fields of {@code line} (all of them when it has fewer). */
    static List<String> split(String line, int limit) {
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
                if (fields.size() == limit) {
                    return fields;
                }
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
