package io.ganglion.balancer.stick;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.stream.Persistence;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;
import java.util.List;

/**
 * A backend's stick rules at run time, as HAProxy 2.6's manual states them:
 * <ul>
 * <li>before load balancing, every {@code stick match} rule that applies looks its key up (and
 * touches the entry found); the first entry whose {@code server_id} names a server of this backend
 * that is not down or in maintenance sends the request there;</li>
 * <li>once the server connection is established, the {@code stick store-request} rules store the
 * server in their entries; of the rules feeding one table only the first that yields a key
 * stores, the later ones are skipped with their conditions; at most 8 stores;</li>
 * <li>the {@code stick store-response} rules do the same on the response head, counted apart
 * (a table learns one key from the request and one from the response).</li>
 * </ul>
 * Immutable; the rules are arrays walked without allocation but the keys.
 */
final class StickPersistence implements Persistence {
    /** HAProxy's limit of simultaneous stores per request or response. */
    private static final int MAX_STORES = 8;

    private final StickRule[] matches;
    private final StickRule[] requestStores;
    private final StickRule[] responseStores;

    StickPersistence(List<StickRule> matches, List<StickRule> requestStores, List<StickRule> responseStores) {
        this.matches = matches.toArray(StickRule[]::new);
        this.requestStores = requestStores.toArray(StickRule[]::new);
        this.responseStores = responseStores.toArray(StickRule[]::new);
    }

    StickPersistence withMatch(StickRule r) {
        return new StickPersistence(append(matches, r), List.of(requestStores), List.of(responseStores));
    }

    StickPersistence withRequestStore(StickRule r) {
        return new StickPersistence(List.of(matches), append(requestStores, r), List.of(responseStores));
    }

    StickPersistence withResponseStore(StickRule r) {
        return new StickPersistence(List.of(matches), List.of(requestStores), append(responseStores, r));
    }

    private static List<StickRule> append(StickRule[] rules, StickRule r) {
        StickRule[] more = java.util.Arrays.copyOf(rules, rules.length + 1);
        more[rules.length] = r;
        return List.of(more);
    }

    @Override
    public Server stickyServer(Stream stream, Backend backend) {
        Server chosen = null;
        Object request = stream.request();
        for (StickRule rule : matches) {
            byte[] key = rule.keyFor(stream, request);
            if (key == null) {
                continue;
            }
            // every match that finds its entry touches it, even once a server is chosen
            int id = rule.table().table().matchServer(key);
            if (chosen == null && id > 0) {
                Server s = serverById(backend, id);
                if (s != null && usable(s.settings())) {
                    chosen = s;
                }
            }
        }
        return chosen;
    }

    @Override
    public void serverConnected(Stream stream, Server server) {
        store(requestStores, stream, stream.request(), server);
    }

    @Override
    public void responseArrived(Stream stream, Object response, Server server) {
        if (server != null) {
            store(responseStores, stream, response, server);
        }
    }

    private static void store(StickRule[] rules, Stream stream, Object message, Server server) {
        if (rules.length == 0) {
            return;
        }
        StickTable[] fed = new StickTable[MAX_STORES];
        int stores = 0;
        for (StickRule rule : rules) {
            if (stores == MAX_STORES) {
                return;
            }
            StickTable table = rule.table().table();
            if (fedAlready(fed, stores, table)) {
                continue;
            }
            byte[] key = rule.keyFor(stream, message);
            if (key != null && table.storeServer(key, server.id(), ServerKeys.of(server.name()))) {
                fed[stores++] = table;
            }
        }
    }

    private static boolean fedAlready(StickTable[] fed, int n, StickTable table) {
        for (int i = 0; i < n; i++) {
            if (fed[i] == table) {
                return true;
            }
        }
        return false;
    }

    /** The backend's server of that id: the manual's rule for a table shared by several backends. */
    private static Server serverById(Backend backend, int id) {
        for (Server s : backend.servers()) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** HAProxy sends a matched request to a server unless it is stopped (down, or in maintenance). */
    private static boolean usable(ServerSettings s) {
        return s.effectiveAdmin() != AdminState.MAINT && s.health() != OperationalState.DOWN;
    }
}
