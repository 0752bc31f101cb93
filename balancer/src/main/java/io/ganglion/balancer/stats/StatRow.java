package io.ganglion.balancer.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One row of {@code show stat}: a value per column of {@link StatFields}, in order. A value is a
 * {@link Long}, a {@link String} (possibly empty: typed output still shows it) or null where HAProxy
 * leaves the field empty.
 */
public record StatRow(ObjType type, int proxyId, int id, List<Object> values) {
    public StatRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Builder builder(ObjType type, int proxyId, int id) {
        return new Builder(type, proxyId, id);
    }

    public Object value(String name) {
        return values.get(StatFields.pos(name));
    }

    public String proxyName() {
        return (String) values.get(0);
    }

    public String serviceName() {
        return (String) values.get(1);
    }

    /** The same row with some columns emptied (e.g. addresses hidden below operator level). */
    public StatRow without(List<String> names) {
        List<Object> copy = new ArrayList<>(values);
        names.forEach(n -> copy.set(StatFields.pos(n), null));
        return new StatRow(type, proxyId, id, copy);
    }

    /** Collects a row's values by column name; columns never set stay empty. */
    public static final class Builder {
        private final ObjType type;
        private final int proxyId;
        private final int id;
        private final Object[] values = new Object[StatFields.count()];

        private Builder(ObjType type, int proxyId, int id) {
            this.type = type;
            this.proxyId = proxyId;
            this.id = id;
        }

        public Builder put(String name, long value) {
            values[StatFields.pos(name)] = value;
            return this;
        }

        public Builder put(String name, String value) {
            values[StatFields.pos(name)] = value;
            return this;
        }

        /** Sets every named column to 0. */
        public Builder zeros(String... names) {
            for (String n : names) {
                put(n, 0);
            }
            return this;
        }

        /** Sets the module counters from {@code fromName} onward (inclusive) to 0, through {@code toName}. */
        public Builder zeroRange(String fromName, String toName) {
            Arrays.fill(values, StatFields.pos(fromName), StatFields.pos(toName) + 1, 0L);
            return this;
        }

        public StatRow build() {
            return new StatRow(type, proxyId, id, Arrays.asList(values));
        }
    }
}
