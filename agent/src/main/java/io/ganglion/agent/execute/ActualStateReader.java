package io.ganglion.agent.execute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ganglion.agent.reconcile.ActualBackend;
import io.ganglion.agent.reconcile.ActualServer;
import io.ganglion.agent.reconcile.ServerMode;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.NoSuchBackendException;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.ServerState;
import io.ganglion.runtime.StatCsv;
import io.ganglion.runtime.StatFilter;
import io.ganglion.runtime.StatRow;

/**
 * Reads the balancer's truth about the backends the agent fills, and no other: per backend,
 * {@code show servers state B} (address, current and initial weight, admin state) and
 * {@code show stat B 4 -1} (its server rows, for the sessions), all pipelined in one round trip
 * and joined by server name. A balancer with many backends the agent does not watch costs it
 * nothing. Columns are read by header name, so HAProxy 2.6, 2.8+ and the bundled balancer all work.
 */
public final class ActualStateReader {

    /** All it reads of {@code show stat}: a whole row is about 180 columns (issue 18: 24 MiB per 1,000 servers). */
    private static final Set<String> SESSION_COLUMNS = Set.of("svname", "type", "scur");

    private final RuntimeSession session;

    public ActualStateReader(RuntimeSession session) {
        this.session = session;
    }

    /**
     * The given backends, by name; one the balancer does not have comes back without servers.
     *
     * @throws io.ganglion.runtime.RuntimeApiException on failure
     */
    public Map<String, ActualBackend> read(Collection<String> backends) {
        List<Command> commands = new ArrayList<>();
        for (String backend : backends) {
            commands.add(Commands.showServersState(backend));
            commands.add(Commands.showStat(new StatFilter(backend, EnumSet.of(StatFilter.Kind.SERVERS), -1)));
        }
        List<Answer> answers = session.pipeline(commands);
        Map<String, ActualBackend> read = new LinkedHashMap<>();
        int next = 0;
        for (String backend : backends) {
            read.put(backend, new ActualBackend(backend, servers(answers.get(next), answers.get(next + 1))));
            next += 2;
        }
        return read;
    }

    static List<ActualServer> servers(Answer states, Answer stats) {
        if (isMissingBackend(states) || isMissingBackend(stats)) {
            return List.of(); // not (yet) in the balancer's configuration: the agent's adds will say so
        }
        Map<String, Long> sessions = new HashMap<>();
        for (StatRow row : StatCsv.parse(stats.orThrow().text(), SESSION_COLUMNS)) {
            if (row.type() == StatRow.Type.SERVER) {
                sessions.put(row.svname(), row.scur());
            }
        }
        List<ActualServer> servers = new ArrayList<>();
        for (ServerState state : ServerState.parseAll(states.orThrow().text())) {
            servers.add(new ActualServer(state.serverName(), state.address(), state.port(), state.userWeight(),
                    state.initialWeight(), mode(state), sessions.getOrDefault(state.serverName(), 0L)));
        }
        return servers;
    }

    private static boolean isMissingBackend(Answer answer) {
        return answer.failure().filter(NoSuchBackendException.class::isInstance).isPresent();
    }

    static ServerMode mode(ServerState state) {
        if (state.inMaintenance()) {
            return ServerMode.MAINT;
        }
        return state.draining() ? ServerMode.DRAIN : ServerMode.READY;
    }
}
