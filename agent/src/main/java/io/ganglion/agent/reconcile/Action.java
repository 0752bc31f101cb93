package io.ganglion.agent.reconcile;

import java.util.List;

/** One change a {@link Plan} makes to one server; the executor turns it into socket commands. */
public sealed interface Action {

    String backend();

    String server();

    Cause cause();

    /** A short verb for logs, metrics and the audit trail. */
    String kind();

    /**
     * {@code add server} with the options, then health checks, then {@code set server ... weight
     * operatorWeight} when an operator had set a weight before the balancer lost the server (a
     * restart; -1 otherwise), and the server put in {@code mode}: READY, or the state an operator had
     * set. The options carry {@code weight} (the registry's), never the operator's: the weight a
     * server is added with stays its initial weight ({@code srv_iweight}), one of the facts by which
     * a restarted agent tells its own weights from an operator's.
     */
    record Add(String backend, String server, String host, int port, int weight, List<String> options, ServerMode mode,
               int operatorWeight, Cause cause) implements Action {
        public Add {
            options = List.copyOf(options);
        }

        @Override
        public String kind() {
            return "add";
        }
    }

    /** Slot mode: a free {@code server-template} slot takes an endpoint's address, then serves. */
    record Fill(String backend, String server, String host, int port, boolean checked, Cause cause) implements Action {
        @Override
        public String kind() {
            return "fill";
        }
    }

    record SetWeight(String backend, String server, int weight, Cause cause) implements Action {
        @Override
        public String kind() {
            return "weight";
        }
    }

    record SetAddress(String backend, String server, String host, int port, Cause cause) implements Action {
        @Override
        public String kind() {
            return "address";
        }
    }

    record SetState(String backend, String server, ServerMode mode, Cause cause) implements Action {
        @Override
        public String kind() {
            return mode == ServerMode.DRAIN ? "drain" : mode == ServerMode.MAINT ? "maint" : "ready";
        }
    }

    /**
     * Maintenance, then {@code shutdown sessions server}: the sessions a drain left when it timed
     * out. Deleting is the next cycle's {@link Delete}, once the balancer shows none left: HAProxy
     * ends the cut streams just after it answers, and refuses a {@code del server} sent meanwhile.
     */
    record ShutSessions(String backend, String server, Cause cause) implements Action {
        @Override
        public String kind() {
            return "shutdown-sessions";
        }
    }

    /** Maintenance, then {@code del server}: sent only for a server without sessions. */
    record Delete(String backend, String server, Cause cause) implements Action {
        @Override
        public String kind() {
            return "delete";
        }
    }
}
