package io.ganglion.balancer.stick;

import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code data.TYPE OP VALUE} filters of {@code show table} and {@code clear table}, up to four,
 * all of which an entry must pass; refused with HAProxy 2.6's texts, which number the filter.
 *
 * @param type  the data compared
 * @param op    {@code eq ne le ge lt gt}
 * @param value what it is compared with
 */
record DataFilter(DataType type, String op, long value) {
    /** HAProxy 2.6's STKTABLE_FILTER_LEN. */
    static final int MAX = 4;
    private static final List<String> OPS = List.of("eq", "ne", "le", "ge", "lt", "gt");

    boolean accepts(EntryView entry) {
        long v = entry.get(type);
        return switch (op) {
            case "eq" -> v == value;
            case "ne" -> v != value;
            case "le" -> v <= value;
            case "ge" -> v >= value;
            case "lt" -> v < value;
            default -> v > value;
        };
    }

    static boolean acceptsAll(List<DataFilter> filters, EntryView entry) {
        for (DataFilter f : filters) {
            if (!f.accepts(entry)) {
                return false;
            }
        }
        return true;
    }

    /** The filters from word 3 of {@code request} on (the table's name is word 2). */
    static List<DataFilter> parse(CommandRequest request, StickTable table) {
        List<DataFilter> filters = new ArrayList<>();
        int i = 0;
        for (; i < MAX; i++) {
            String word = request.arg(3 + 3 * i);
            if (i > 0 && word.isEmpty()) {
                break;
            }
            String prefix = "Filter entry #" + (i + 1) + ": ";
            // HAProxy skips five characters whatever they are: "data." is expected, not checked
            String name = word.length() > 5 ? word.substring(5) : "";
            DataType type = DataType.byKeyword(name)
                    .orElseThrow(() -> new CommandException(prefix + "Unknown data type\n"));
            if (!table.stores(type)) {
                throw new CommandException(prefix + "Data type not stored in this table\n");
            }
            String op = request.arg(4 + 3 * i);
            if (!OPS.contains(op)) {
                throw new CommandException(prefix
                        + "Require and operator among \"eq\", \"ne\", \"le\", \"ge\", \"lt\", \"gt\"\n");
            }
            Long value = integer(request.arg(5 + 3 * i));
            if (value == null) {
                throw new CommandException(prefix + "Require a valid integer value to compare against\n");
            }
            filters.add(new DataFilter(type, op, value));
        }
        if (!request.arg(3 + 3 * i).isEmpty()) {
            throw new CommandException("Detected extra data in filter, " + (3 + 3 * i + 1) + "th word of input, after '"
                    + request.arg(2 + 3 * i) + "'\n");
        }
        return filters;
    }

    /** A whole signed decimal integer (HAProxy's strl2llrc), or null. Read by hand: a million {@code set table} parse one each. */
    static Long integer(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (text.length() == start || text.length() - start > 19) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text, start, text.length(), 10) * (text.charAt(0) == '-' ? -1 : 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
