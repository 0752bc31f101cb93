package io.ganglion.balancer.stats;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.LineDump;
import io.ganglion.balancer.server.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code show stat}: the rows of a running balancer in HAProxy's order (per proxy in config order:
 * FRONTEND, servers, BACKEND), filtered as asked, with addresses, cookies and algorithms hidden
 * below operator level. The answer is a dump: rows are made as the client reads them.
 */
public final class ShowStat {
    public static final String NO_SUCH_PROXY = "No such proxy.\n\n";

    private ShowStat() {
    }

    /**
     * The answer as the socket writes it, piece by piece.
     *
     * @throws CommandException {@code No such proxy.} when the request names a proxy that does not exist
     */
    public static AnswerDump dump(BalancerView balancer, StatRequest request, AccessLevel level) {
        return rowIterator(balancer, request, level).map(request.format()::dump)
                .orElseThrow(() -> new CommandException(StatsCommands.answerText(NO_SUCH_PROXY)));
    }

    /** The whole answer as one text (ending with the blank line), or {@code No such proxy.} */
    public static String answer(BalancerView balancer, StatRequest request, AccessLevel level) {
        return rowIterator(balancer, request, level).map(rows -> LineDump.whole(request.format().dump(rows)) + "\n")
                .orElse(NO_SUCH_PROXY);
    }

    /** The rows, or empty when the request names a proxy that does not exist. */
    public static Optional<List<StatRow>> rows(BalancerView balancer, StatRequest request, AccessLevel level) {
        return rowIterator(balancer, request, level).map(rows -> {
            List<StatRow> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            return all;
        });
    }

    /**
     * The rows to come, over a snapshot of the proxies and their server lists taken now; empty
     * when the request names a proxy that does not exist.
     */
    private static Optional<StatRowIterator> rowIterator(BalancerView balancer, StatRequest request, AccessLevel level) {
        ProxyIds ids = new ProxyIds(balancer.config());
        Optional<List<ProxySection>> only = Optional.empty();
        if (request.proxy() != null) {
            only = ids.find(request.proxy());
            if (only.isEmpty()) {
                return Optional.empty();
            }
        }
        List<StatRowIterator.ProxySnapshot> proxies = new ArrayList<>();
        for (ProxySection p : balancer.config().proxies()) {
            if (only.isPresent() && !isAmong(p, only.get())) {
                continue;
            }
            Optional<Frontend> fe = p.isFrontend() ? balancer.frontend(p.name()) : Optional.empty();
            Optional<Backend> be = p.isBackend() ? balancer.backend(p.name()) : Optional.empty();
            List<Server> servers = be.map(Backend::servers).orElse(List.of());
            proxies.add(new StatRowIterator.ProxySnapshot(ids.id(p.name()), fe, be, servers,
                    be.isPresent() ? fullconn(balancer, p) : 0));
        }
        return Optional.of(new StatRowIterator(proxies, request, level, balancer.config().global().maxconn(),
                balancer.stopping()));
    }

    /**
     * Whether {@code p} is one of {@code proxies}, by identity: both come from the same
     * configuration. {@code List.contains} would call the record's generated {@code equals}, which
     * compares every setting and server of the proxy; interpreted, as it is on a cold control
     * thread, that was a noticeable share of a lone {@code show stat B} (issue 18).
     */
    private static boolean isAmong(ProxySection p, List<ProxySection> proxies) {
        for (ProxySection q : proxies) {
            if (q == p) {
                return true;
            }
        }
        return false;
    }

    /**
     * HAProxy's default {@code fullconn}: 10% of the summed {@code maxconn} of the frontends whose
     * default backend this is (the global limit for a frontend without its own), at least 1.
     */
    static int fullconn(BalancerView balancer, ProxySection backend) {
        long total = 0;
        for (ProxySection p : balancer.config().proxies()) {
            if (p.isFrontend() && backend.name().equals(p.defaultBackend())) {
                total += p.maxconn() > 0 ? p.maxconn() : balancer.config().global().maxconn();
            }
        }
        return (int) Math.max(1, (total * 10 + 99) / 100);
    }
}
