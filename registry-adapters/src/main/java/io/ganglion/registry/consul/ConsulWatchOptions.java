package io.ganglion.registry.consul;

import java.time.Duration;
import java.util.Optional;

/** Everything a Consul watcher needs; built and checked by {@link ConsulServiceWatcher.Builder}. */
record ConsulWatchOptions(
        ConsulConnection connection,
        String service,
        Optional<String> tag,
        Optional<String> datacenter,
        Duration waitTime,
        Duration readMargin,
        Duration minInterval,
        Duration backoffInitial,
        Duration backoffMax) {
}
