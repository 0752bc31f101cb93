package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.stick.StickTables;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The running balancer an exporter rule reads, set when the balancer starts (rules are compiled
 * while the configuration is read, before the balancer exists), and the thread that makes its
 * answers: the metrics of 10,000 servers take a few hundred milliseconds of CPU, which would hold
 * every stream of an event loop. One thread: scrapes arriving together wait in turn rather than
 * take both cores. Set once on the control side, read on the loops; volatile, no lock.
 */
final class ExporterTarget {
    private volatile BalancerView balancer;
    private volatile StickTables tables;
    private volatile ExecutorService maker;

    void link(BalancerView balancer, StickTables tables) {
        this.tables = tables;
        this.balancer = balancer;
        // the thread ends when idle for a while, so a balancer closed without a graceful stop leaves none behind
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "prometheus-exporter");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.maker = executor;
    }

    BalancerView balancer() {
        return balancer;
    }

    StickTables tables() {
        return tables;
    }

    ExecutorService maker() {
        return maker;
    }
}
