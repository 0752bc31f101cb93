package io.ganglion.balancer.prometheus;

/**
 * One metric family of HAProxy 2.6's exporter.
 *
 * @param source    the {@code show info} field (global scope) or {@code show stat} column its values
 *                  come from; for a stick table, {@code size} or {@code used}
 * @param httpOnly  whether HAProxy leaves it out for a proxy that is not in {@code mode http}
 * @param inSeconds whether its {@code show stat} column is in milliseconds, HAProxy's metric in seconds
 */
record MetricDefinition(MetricScope scope, String name, MetricType type, String source, String help,
        boolean httpOnly, boolean inSeconds) {

    /** A family as the catalogue lists it; what it is left out for and its unit follow from its name and column. */
    static MetricDefinition of(MetricScope scope, String name, MetricType type, String source, String help) {
        // HAProxy leaves out the families named *_http_* and the frontend's intercepted requests
        String rest = name.substring(name.indexOf('_', "haproxy_".length()) + 1);
        boolean httpOnly = rest.startsWith("http_") || rest.equals("intercepted_requests_total");
        boolean seconds = switch (source) {
            case "qtime", "ctime", "rtime", "ttime", "qtime_max", "ctime_max", "rtime_max", "ttime_max",
                    "check_duration" -> true;
            default -> false;
        };
        return new MetricDefinition(scope, name, type, source, help, httpOnly, seconds);
    }
}
