package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.stick.StickTables;

/**
 * The running balancer an exporter rule reads, set when the balancer starts: rules are compiled
 * while the configuration is read, before the balancer exists. Written once on the control side,
 * read on the loops; volatile, no lock.
 */
final class ExporterTarget {
    private volatile BalancerView balancer;
    private volatile StickTables tables;

    void link(BalancerView balancer, StickTables tables) {
        this.tables = tables;
        this.balancer = balancer;
    }

    BalancerView balancer() {
        return balancer;
    }

    StickTables tables() {
        return tables;
    }
}
