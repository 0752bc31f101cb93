package io.ganglion.agent.config;

import java.util.List;

/**
 * One service this host calls, and the backend it fills.
 *
 * @param service       the service's name in logs, status and audit
 * @param registry      a key of {@code registries:}
 * @param path          ZooKeeper: the service znode whose children are the instances
 * @param name          Consul: the service name
 * @param tags          Consul: instances must carry all of these (the first is sent as Consul's filter)
 * @param backend       the balancer backend
 * @param serverOptions HAProxy server keywords for every server added, e.g. {@code check inter 2s}
 * @param managed       true: servers the agent did not create are removed too; default false
 * @param policy        overrides of the safety policy's defaults; optional
 * @param slots         slot mode: the prefix of the backend's {@code server-template} (e.g. {@code srv}
 *                      for {@code server-template srv 1-10 ...}); the agent fills and frees those
 *                      slots instead of adding and deleting servers (HAProxy without dynamic servers)
 * @param weight        how registry weights become server weights; optional
 */
public record WatchSettings(String service, String registry, String path, String name, List<String> tags,
                            String backend, String serverOptions, Boolean managed, PolicySettings policy,
                            String slots, WeightSettings weight) {

    public WatchSettings {
        tags = tags == null ? List.of() : List.copyOf(tags);
        serverOptions = serverOptions == null ? "" : serverOptions.strip();
        managed = managed != null && managed;
    }
}
