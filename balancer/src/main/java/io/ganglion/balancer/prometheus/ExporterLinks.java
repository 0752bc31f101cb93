package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.rules.RulesLoad;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The exporter rules of one configuration, kept beside its {@link RulesLoad} (the object every
 * rule of a load shares) and linked to the running balancer when it starts; weakly, so that a
 * configuration only checked, or replaced, takes its target with it. Never on the data path.
 */
final class ExporterLinks {
    private static final Map<RulesLoad, ExporterTarget> BY_LOAD = Collections.synchronizedMap(new WeakHashMap<>());

    private ExporterLinks() {
    }

    /** The target every exporter rule of {@code load} answers from. */
    static ExporterTarget of(RulesLoad load) {
        return BY_LOAD.computeIfAbsent(load, l -> new ExporterTarget());
    }

    /** The target of {@code load}, or null when none of its rules is an exporter. */
    static ExporterTarget find(RulesLoad load) {
        return load == null ? null : BY_LOAD.get(load);
    }
}
