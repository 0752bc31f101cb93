package io.ganglion.balancer.prometheus;

/** The two types HAProxy 2.6's exporter declares. */
enum MetricType {
    GAUGE, COUNTER
}
