package io.ganglion.balancer.state;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.stats.ProxyIds;
import java.util.Optional;

/** {@code show servers state [<backend>]}: the same text as the server-state-file. */
public final class ShowServersState {
    public static final String NO_SUCH_BACKEND = "Can't find backend.\n\n";

    private ShowServersState() {
    }

    /** @param backend a backend name, or null for every backend */
    public static String answer(BalancerView balancer, String backend) {
        if (backend != null && balancer.backend(backend).isEmpty()) {
            return NO_SUCH_BACKEND;
        }
        return text(balancer, Optional.ofNullable(backend)) + "\n";
    }

    /** Version line, header and one line per server, without the CLI's final blank line. */
    static String text(BalancerView balancer, Optional<String> only) {
        ProxyIds ids = new ProxyIds(balancer.config());
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder("1\n").append(ServerStateLine.HEADER).append('\n');
        for (Backend b : balancer.backends()) {
            if (only.isPresent() && !only.get().equals(b.name())) {
                continue;
            }
            for (Server s : b.servers()) {
                out.append(ServerStateLine.of(s, ids.id(b.name()), now).format()).append('\n');
            }
        }
        return out.toString();
    }
}
