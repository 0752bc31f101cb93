package io.ganglion.balancer.state;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.LineDump;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.stats.ProxyIds;
import io.ganglion.balancer.stats.StatsCommands;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@code show servers state [<backend>]}: the same text as the server-state-file, written as the
 * client reads it. The server lists are the ones of the moment the command ran; each line reads
 * its server's state when it is written.
 */
public final class ShowServersState {
    public static final String NO_SUCH_BACKEND = "Can't find backend.\n\n";

    private ShowServersState() {
    }

    /**
     * The answer as the socket writes it, piece by piece.
     *
     * @param backend a backend name, or null for every backend
     * @throws CommandException {@code Can't find backend.}
     */
    public static AnswerDump dump(BalancerView balancer, String backend) {
        if (backend != null && balancer.backend(backend).isEmpty()) {
            throw new CommandException(StatsCommands.answerText(NO_SUCH_BACKEND));
        }
        return dump(balancer, Optional.ofNullable(backend));
    }

    /** The whole answer, ending with the blank line. */
    public static String answer(BalancerView balancer, String backend) {
        if (backend != null && balancer.backend(backend).isEmpty()) {
            return NO_SUCH_BACKEND;
        }
        return text(balancer, Optional.ofNullable(backend)) + "\n";
    }

    /** Version line, header and one line per server, without the CLI's final blank line. */
    static String text(BalancerView balancer, Optional<String> only) {
        return LineDump.whole(dump(balancer, only));
    }

    private static AnswerDump dump(BalancerView balancer, Optional<String> only) {
        ProxyIds ids = new ProxyIds(balancer.config());
        List<BackendServers> backends = new ArrayList<>();
        for (Backend b : balancer.backends()) {
            if (only.isEmpty() || only.get().equals(b.name())) {
                backends.add(new BackendServers(ids.id(b.name()), b.servers()));
            }
        }
        return new LineDump<>("1\n" + ServerStateLine.HEADER + "\n", new ServerIterator(backends),
                (out, s) -> out.append(ServerStateLine.of(s.server(), s.backendId(), System.currentTimeMillis()).format())
                        .append('\n'), "");
    }

    /** A backend's id and its server list as the command found it. */
    private record BackendServers(int backendId, List<Server> servers) {
    }

    private record BackendServer(int backendId, Server server) {
    }

    /** Every server of the backends, in order, one at a time. */
    private static final class ServerIterator implements Iterator<BackendServer> {
        private final List<BackendServers> backends;
        private int backend;
        private int server;

        ServerIterator(List<BackendServers> backends) {
            this.backends = backends;
        }

        @Override
        public boolean hasNext() {
            while (backend < backends.size() && server >= backends.get(backend).servers().size()) {
                backend++;
                server = 0;
            }
            return backend < backends.size();
        }

        @Override
        public BackendServer next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            BackendServers b = backends.get(backend);
            return new BackendServer(b.backendId(), b.servers().get(server++));
        }
    }
}
