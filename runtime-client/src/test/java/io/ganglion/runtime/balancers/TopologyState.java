package io.ganglion.runtime.balancers;

import java.util.List;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.StatRow;

/**
 * What the integration cases may change in a running {@link Topology} and later cases could see:
 * each server's address, port, admin/operational state, weight and check port, and each row's
 * status. Read right after start and again after a restore, it tells whether the restore worked.
 */
record TopologyState(List<String> servers, List<String> statuses) {

    static TopologyState read(RuntimeApi api) {
        List<String> servers = api.showServersState().stream()
                .map(s -> s.backendName() + "/" + s.serverName() + " " + s.address() + ":" + s.port()
                        + " admin=" + s.adminState() + " op=" + s.operationalState()
                        + " weight=" + s.userWeight() + " check-port=" + s.checkPort())
                .toList();
        List<String> statuses = api.showStat().stream()
                .map(r -> r.pxname() + "/" + r.svname() + " " + r.status() + " weight=" + r.weight())
                .toList();
        return new TopologyState(servers, statuses);
    }

    /** What this state has that {@code other} has not, for a log line. */
    List<String> differencesFrom(TopologyState other) {
        return java.util.stream.Stream.concat(servers.stream().filter(s -> !other.servers.contains(s)),
                statuses.stream().filter(s -> !other.statuses.contains(s))).toList();
    }
}
