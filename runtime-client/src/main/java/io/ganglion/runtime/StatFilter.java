package io.ganglion.runtime;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code {proxy} {type} {sid}} arguments of {@code show stat}: one proxy (by name or
 * numeric id) or all, which kinds of rows, one server id or all.
 */
public record StatFilter(String proxy, Set<Kind> kinds, int serverId) {

    /** The bits of the {@code <type>} argument. */
    public enum Kind {
        FRONTENDS(1), BACKENDS(2), SERVERS(4), LISTENERS(8);

        private final int bit;

        Kind(int bit) {
            this.bit = bit;
        }
    }

    /** Every proxy, every row kind, every server. */
    public static final StatFilter ALL = new StatFilter("-1", EnumSet.allOf(Kind.class), -1);

    public StatFilter {
        Command.requireSingleWord(Objects.requireNonNull(proxy, "proxy"));
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("a stat filter needs at least one kind of row");
        }
        kinds = Set.copyOf(kinds);
        if (serverId < -1) {
            throw new IllegalArgumentException("server id must be -1 (all) or a server id, got " + serverId);
        }
    }

    /** Rows of one proxy (frontend or backend name), all kinds. */
    public static StatFilter proxy(String name) {
        return new StatFilter(name, EnumSet.allOf(Kind.class), -1);
    }

    /** Rows of the given kinds across all proxies. */
    public static StatFilter kinds(Kind first, Kind... rest) {
        return new StatFilter("-1", EnumSet.of(first, rest), -1);
    }

    /** The three words as sent: {@code <proxy> <type> <sid>}. */
    String[] words() {
        int mask = kinds.size() == Kind.values().length ? -1 : kinds.stream().mapToInt(k -> k.bit).sum();
        return new String[] {proxy, Integer.toString(mask), Integer.toString(serverId)};
    }
}
