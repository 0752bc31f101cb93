package io.ganglion.balancer.session;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerPath;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The socket commands that cut live streams: {@code shutdown sessions server B/S} (HAProxy 2.6's
 * words and answers: silent on success, {@code cli_find_server}'s refusals otherwise).
 * {@code show sess} and {@code shutdown session ID} join this table.
 */
public final class SessionCommands {
    private final Function<String, Optional<Backend>> backends;
    private final EventExecutorGroup loops;
    private final Consumer<Server> closeIdleConnections;

    private SessionCommands(Function<String, Optional<Backend>> backends, EventExecutorGroup loops,
            Consumer<Server> closeIdleConnections) {
        this.backends = backends;
        this.loops = loops;
        this.closeIdleConnections = closeIdleConnections;
    }

    /**
     * @param backends             finds a backend by name
     * @param loops                the event loops that carry the streams
     * @param closeIdleConnections closes the calling loop's idle kept-alive connections to a server
     */
    public static CommandTable table(Function<String, Optional<Backend>> backends, EventExecutorGroup loops,
            Consumer<Server> closeIdleConnections) {
        SessionCommands c = new SessionCommands(backends, loops, closeIdleConnections);
        return CommandTable.of("session",
                CliCommand.haproxy(ADMIN, c::shutdownSessionsServer, "shutdown", "sessions", "server"));
    }

    /**
     * Answers once every loop has cut its streams on the server: a {@code del server} sent next on
     * the same socket finds the server without sessions (with HAProxy the streams end a moment
     * later, and that {@code del server} may still be refused).
     */
    private CompletionStage<String> shutdownSessionsServer(CommandRequest r) {
        Server server = ServerPath.server(backends, r.arg(3));
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (EventExecutor loop : loops) {
            done.add(CompletableFuture.runAsync(() -> {
                LiveStreams.current().killServedBy(server);
                closeIdleConnections.accept(server);
            }, loop));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> "");
    }
}
