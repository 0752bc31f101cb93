package io.ganglion.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import io.ganglion.runtime.StatRow;

/**
 * Renders {@code show stat} rows as the compact table of {@code ctl top}: one line per proxy or server.
 * Public so that other views of the same table (the demo's) show the same columns.
 */
public final class TopTable {

    private record Column(String title, boolean numeric, Function<StatRow, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("PROXY", false, StatRow::pxname),
            new Column("NAME", false, StatRow::svname),
            new Column("STATUS", false, StatRow::status),
            new Column("WEIGHT", true, r -> orDash(r.weight())),
            new Column("CUR", true, r -> Long.toString(r.scur())),
            new Column("MAX", true, r -> Long.toString(r.smax())),
            new Column("LIMIT", true, r -> orDash(r.slim())),
            new Column("RATE", true, r -> Long.toString(r.rate())),
            new Column("TOTAL", true, r -> Long.toString(r.stot())),
            new Column("BYTES_IN", true, r -> Long.toString(r.bytesIn())),
            new Column("BYTES_OUT", true, r -> Long.toString(r.bytesOut())),
            new Column("CHECK", false, r -> r.checkStatus().isEmpty() ? "-" : r.checkStatus()));

    private TopTable() {
    }

    /** The rows {@link #render} shows, in its order: every row but the listeners. */
    public static List<StatRow> shown(List<StatRow> rows) {
        return rows.stream().filter(r -> r.type() != StatRow.Type.LISTENER).toList();
    }

    /** A header line, then one line per row of {@link #shown}. */
    public static List<String> render(List<StatRow> rows) {
        List<StatRow> shown = shown(rows);
        int[] widths = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            Column column = COLUMNS.get(c);
            widths[c] = Math.max(column.title().length(),
                    shown.stream().mapToInt(r -> column.value().apply(r).length()).max().orElse(0));
        }
        List<String> lines = new ArrayList<>(shown.size() + 1);
        lines.add(line(widths, c -> COLUMNS.get(c).title()));
        for (StatRow row : shown) {
            lines.add(line(widths, c -> COLUMNS.get(c).value().apply(row)));
        }
        return lines;
    }

    private static String line(int[] widths, Function<Integer, String> cell) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String text = cell.apply(c);
            String pad = " ".repeat(widths[c] - text.length());
            sb.append(COLUMNS.get(c).numeric() ? pad + text : text + pad);
            if (c < widths.length - 1) {
                sb.append("  ");
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String orDash(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "-";
    }
}
