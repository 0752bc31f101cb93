package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code first}: the server with the lowest id that has a free connection slot, so that the other
 * servers can be turned off when idle. Without {@code maxconn} the first server takes everything.
 */
final class FirstSelector implements ServerSelector {
    private final Server[] byId;

    FirstSelector(List<Server> candidates) {
        byId = candidates.stream().sorted(Comparator.comparingInt(Server::id)).toArray(Server[]::new);
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        for (Server s : byId) {
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }
}
