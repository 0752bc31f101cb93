package io.ganglion.balancer.prometheus;

/**
 * One metric family of HAProxy 2.6's exporter.
 *
 * @param source the {@code show info} field (global scope) or {@code show stat} column its values
 *               come from; for a stick table, {@code size} or {@code used}
 */
record MetricDefinition(MetricScope scope, String name, MetricType type, String source, String help) {
    /**
     * Families HAProxy leaves out for a proxy that is not in {@code mode http}: the ones named
     * {@code *_http_*}, and the frontend's intercepted requests.
     */
    boolean httpOnly() {
        String rest = name.substring(name.indexOf('_', "haproxy_".length()) + 1);
        return rest.startsWith("http_") || rest.equals("intercepted_requests_total");
    }

    /** The {@code show stat} times are milliseconds; HAProxy's metrics say seconds. */
    boolean inSeconds() {
        return switch (source) {
            case "qtime", "ctime", "rtime", "ttime", "qtime_max", "ctime_max", "rtime_max", "ttime_max",
                    "check_duration" -> true;
            default -> false;
        };
    }
}
