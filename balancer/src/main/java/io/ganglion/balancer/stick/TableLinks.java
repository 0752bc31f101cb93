package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.rules.RulesLoad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The tables the rules of one configuration name, checked once the whole file is read (HAProxy
 * resolves table names then: a table may be declared after the rule naming it) and linked to the
 * running tables when the balancer starts.
 *
 * <p>Kept beside the configuration's {@link RulesLoad} (the one object every rule of a load
 * shares); weakly, so that a configuration only checked, or replaced, takes its links with it.
 * Used while loading and starting only, never on the data path.
 */
final class TableLinks {
    private static final Map<RulesLoad, TableLinks> BY_LOAD = Collections.synchronizedMap(new WeakHashMap<>());

    /** One use of a table name, and how HAProxy words its absence. */
    private record Use(TableRef ref, Source where, Function<String, String> missing) {
    }

    private final List<Use> uses = new ArrayList<>();
    /** The tables stick rules read and feed, which store the server whatever their {@code store} list. */
    private final java.util.Set<String> serverTables = new java.util.HashSet<>();

    static TableLinks of(RulesLoad load) {
        return BY_LOAD.computeIfAbsent(load, l -> new TableLinks());
    }

    static TableLinks find(RulesLoad load) {
        return load == null ? null : BY_LOAD.get(load);
    }

    /**
     * A reference to table {@code name}.
     *
     * @param where   the line, for an alert given at {@code file:line}; null for one HAProxy gives without
     * @param missing the alert when no proxy of that name has a table, given the name
     */
    synchronized TableRef use(String name, Source where, Function<String, String> missing) {
        TableRef ref = new TableRef(name);
        uses.add(new Use(ref, where, missing));
        return ref;
    }

    /** Table {@code name} is a stick rule's: it stores {@code server_id} and {@code server_key}. */
    synchronized void storesServers(String name) {
        serverTables.add(name);
    }

    synchronized boolean storesServers(StickTableSpec table) {
        return serverTables.contains(table.name());
    }

    /** The names that are no proxy's table, as HAProxy reports them once the file is read. */
    synchronized void check(List<ProxySection> proxies, List<Problem> problems) {
        for (Use u : uses) {
            boolean found = proxies.stream().anyMatch(p -> p.name().equals(u.ref().name())
                    && p.get(StickTableKeyword.STICK_TABLE) != null);
            if (!found) {
                problems.add(Problem.alert(u.where(), u.missing().apply(u.ref().name())));
            }
        }
    }

    synchronized void link(StickTables running) {
        uses.forEach(u -> u.ref().link(running));
    }
}
