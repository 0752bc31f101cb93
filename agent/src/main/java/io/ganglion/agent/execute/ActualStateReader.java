package io.ganglion.agent.execute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ganglion.agent.reconcile.ActualBackend;
import io.ganglion.agent.reconcile.ActualServer;
import io.ganglion.agent.reconcile.ServerMode;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.ServerState;
import io.ganglion.runtime.StatCsv;
import io.ganglion.runtime.StatRow;

/**
 * Reads the balancer's truth every cycle: {@code show servers state} (address, current and
 * initial weight, admin state) and {@code show stat} (sessions), pipelined in one round trip,
 * joined by backend and server name. Columns are read by header name, so HAProxy 2.6, 2.8+ and
 * the bundled balancer all work.
 */
public final class ActualStateReader {

    private final RuntimeSession session;

    public ActualStateReader(RuntimeSession session) {
        this.session = session;
    }

    /** Every backend that has a server line, by name. @throws io.ganglion.runtime.RuntimeApiException on failure */
    public Map<String, ActualBackend> read() {
        List<Answer> answers = session.pipeline(List.of(Commands.showServersState(), Commands.showStat()));
        List<ServerState> states = ServerState.parseAll(answers.get(0).orThrow().text());
        Map<String, Long> sessions = new HashMap<>();
        for (StatRow row : StatCsv.parse(answers.get(1).orThrow().text())) {
            if (row.type() == StatRow.Type.SERVER) {
                sessions.put(row.pxname() + "/" + row.svname(), row.scur());
            }
        }
        Map<String, List<ActualServer>> byBackend = new LinkedHashMap<>();
        for (ServerState state : states) {
            ActualServer server = new ActualServer(state.serverName(), state.address(), state.port(),
                    state.userWeight(), state.initialWeight(), mode(state),
                    sessions.getOrDefault(state.backendName() + "/" + state.serverName(), 0L));
            byBackend.computeIfAbsent(state.backendName(), b -> new ArrayList<>()).add(server);
        }
        Map<String, ActualBackend> backends = new LinkedHashMap<>();
        byBackend.forEach((name, servers) -> backends.put(name, new ActualBackend(name, servers)));
        return backends;
    }

    static ServerMode mode(ServerState state) {
        if (state.inMaintenance()) {
            return ServerMode.MAINT;
        }
        return state.draining() ? ServerMode.DRAIN : ServerMode.READY;
    }
}
