package io.ganglion.runtime.balancers;

import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.ServerState;
import io.ganglion.runtime.StatFilter;
import io.ganglion.runtime.Weight;

/**
 * Undoes over the admin socket what an integration case may have done to a running {@link Topology}
 * (server states, weights, addresses, disabled checks, a paused frontend, an added
 * server, counters), so the next case finds the state the config starts it in.
 */
final class TopologyRestore {
    private static final String BACKEND = "be_app";
    private static final String FRONTEND = "fe_main";

    private TopologyRestore() {
    }

    static void restore(RuntimeApi api, Topology topology) {
        for (ServerState server : api.showServersState(BACKEND)) {
            if (!server.serverName().matches("web[123]")) {
                // added by the case: only a server in maintenance can be deleted
                api.setServerState(BACKEND, server.serverName(), AdminState.MAINT);
                api.delServer(BACKEND, server.serverName());
            }
        }
        for (String server : new String[] {"web1", "web2", "web3"}) {
            api.setServerState(BACKEND, server, AdminState.READY);
            api.setServerWeight(BACKEND, server, Weight.absolute(100));
        }
        api.setServerAddr(BACKEND, "web2", "127.0.0.1", topology.closedPort());
        api.enableHealth(BACKEND, "web1");
        boolean paused = api.showStat(StatFilter.proxy(FRONTEND)).stream()
                .anyMatch(r -> r.status().equals("PAUSED"));
        if (paused) {
            api.enableFrontend(FRONTEND);
        }
        api.clearAllCounters();
    }
}
