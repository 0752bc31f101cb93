package io.ganglion.balancer.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every column of HAProxy 2.6's {@code show stat}, in order: the 103 static columns, then (after
 * the header's {@code -} column) the module counters of an SSL-capable build (ssl, h2, h1).
 */
public final class StatFields {
    /** Number of static columns; module counters start at this position. */
    public static final int STATIC_COUNT = 103;

    private static final List<StatField> ALL = load();
    private static final Map<String, Integer> POSITIONS = index(ALL);

    private StatFields() {
    }

    public static List<StatField> all() {
        return ALL;
    }

    public static int count() {
        return ALL.size();
    }

    /** Position of a column by name; an unknown name is a programming error. */
    public static int pos(String name) {
        Integer p = POSITIONS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no show stat field named '" + name + "'");
        }
        return p;
    }

    private static List<StatField> load() {
        ObjType[] columns = {ObjType.FRONTEND, ObjType.BACKEND, ObjType.LISTENER, ObjType.SERVER};
        List<StatField> fields = new ArrayList<>();
        for (String[] row : FieldTables.read("haproxy-2.6-stat-fields.tsv")) {
            Map<ObjType, FieldTag> tags = new EnumMap<>(ObjType.class);
            for (int i = 0; i < columns.length; i++) {
                if (!row[2 + i].equals("-")) {
                    tags.put(columns[i], FieldTag.parse(row[2 + i]));
                }
            }
            int pos = Integer.parseInt(row[0]);
            if (pos != fields.size()) {
                throw new IllegalStateException("stat field table out of order at " + pos);
            }
            fields.add(new StatField(pos, row[1], tags));
        }
        return Collections.unmodifiableList(fields);
    }

    private static Map<String, Integer> index(List<StatField> fields) {
        // A HashMap, not Map.copyOf: every value of every row is put by name, and HashMap's lookup
        // of these (hash-cached, identical literal) names is the cheaper one.
        Map<String, Integer> m = new HashMap<>();
        fields.forEach(f -> m.put(f.name(), f.pos()));
        return Collections.unmodifiableMap(m);
    }
}
