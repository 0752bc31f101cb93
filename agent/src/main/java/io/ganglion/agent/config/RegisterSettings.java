package io.ganglion.agent.config;

import java.util.List;
import java.util.Map;

/**
 * One of this host's own services, published while its checks pass (Nerve's half).
 *
 * @param service  the service name
 * @param registry a key of {@code registries:}
 * @param path     ZooKeeper: the service znode the instance node goes under
 * @param name     Consul: the service name (defaults to {@code service})
 * @param instanceId ZooKeeper: Nerve's {@code instance_id}, the record's {@code name} and the
 *                 znode's prefix (defaults to {@code host})
 * @param host     the address callers connect to
 * @param port     the port callers connect to
 * @param labels   SmartStack labels (ZooKeeper)
 * @param tags     Consul tags
 * @param weight   optional
 * @param checks   all must pass for the instance to be published
 */
public record RegisterSettings(String service, String registry, String path, String name, String instanceId,
                               String host, Integer port,
                               Map<String, String> labels, List<String> tags, Integer weight,
                               List<CheckSettings> checks) {

    public RegisterSettings {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        tags = tags == null ? List.of() : List.copyOf(tags);
        checks = checks == null ? List.of() : List.copyOf(checks);
        name = name == null ? service : name;
        instanceId = instanceId == null ? host : instanceId;
    }
}
