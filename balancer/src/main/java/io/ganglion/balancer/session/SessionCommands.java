package io.ganglion.balancer.session;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;
import static io.ganglion.balancer.config.AccessLevel.OPERATOR;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerPath;
import io.netty.util.concurrent.EventExecutor;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The socket commands that list and cut live streams, in HAProxy 2.6's words and answers:
 * {@code show sess [ID|all]} (operator level), {@code shutdown session ID} and
 * {@code shutdown sessions server B/S} (admin level).
 *
 * <p>The registries are per loop ({@link LiveStreams}): each command runs a task on every loop
 * that carries streams (the traffic loops and the stats sockets' own) and combines what they
 * return, so nothing is locked and no loop reads another's streams.
 */
public final class SessionCommands {
    private static final String NOT_FOUND = "Session not found.\n";
    private static final String NO_SUCH_SESSION = "No such session (use 'show sess').\n";
    private static final String POINTER_EXPECTED = "Session pointer expected (use 'show sess').\n";

    private final Function<String, Optional<Backend>> backends;
    private final List<EventExecutor> loops;
    /** The stats sockets' loop: answers are put together there, never on a traffic loop. */
    private final EventExecutor cliLoop;
    private final Consumer<Server> closeIdleConnections;
    private final ShowSessFormat format;
    private final StreamNumbers numbers;

    private SessionCommands(Function<String, Optional<Backend>> backends, List<EventExecutor> trafficLoops,
            EventExecutor cliLoop, Consumer<Server> closeIdleConnections, ToIntFunction<String> proxyIds,
            StreamNumbers numbers) {
        this.numbers = numbers;
        this.backends = backends;
        List<EventExecutor> all = new ArrayList<>(trafficLoops);
        all.add(cliLoop);
        this.loops = List.copyOf(all);
        this.cliLoop = cliLoop;
        this.closeIdleConnections = closeIdleConnections;
        this.format = new ShowSessFormat(proxyIds, ZoneId.systemDefault());
    }

    /**
     * @param backends             finds a backend by name
     * @param trafficLoops         the loops that carry the traffic's streams
     * @param cliLoop              the stats sockets' loop (whose sessions {@link CliStream#register} lists)
     * @param closeIdleConnections closes the calling loop's idle kept-alive connections to a server
     * @param proxyIds             a proxy's numeric id by name (HAProxy's, as {@code show stat} prints it)
     * @param numbers              the balancer's stream numbers ({@code show sess} moves its epoch on)
     */
    public static CommandTable table(Function<String, Optional<Backend>> backends, List<EventExecutor> trafficLoops,
            EventExecutor cliLoop, Consumer<Server> closeIdleConnections, ToIntFunction<String> proxyIds,
            StreamNumbers numbers) {
        SessionCommands c = new SessionCommands(backends, trafficLoops, cliLoop, closeIdleConnections, proxyIds, numbers);
        return CommandTable.of("session",
                CliCommand.haproxy(OPERATOR, c::showSess, "show", "sess"),
                CliCommand.haproxy(ADMIN, c::shutdownSession, "shutdown", "session"),
                CliCommand.haproxy(ADMIN, c::shutdownSessionsServer, "shutdown", "sessions", "server"));
    }

    /**
     * {@code show sess} lists every stream; {@code show sess all} details every one;
     * {@code show sess ID} details one. A word that reads as 0 lists, as with HAProxy.
     */
    private CompletionStage<String> showSess(CommandRequest r) {
        numbers.showSessRan();
        String word = r.arg(2);
        if (word.equals("all")) {
            return everyStream().thenApply(all -> inPieces(r, new ShowSessDump(all, format, true)));
        }
        long id = SessionPointer.hex(word);
        if (id == 0) {
            return everyStream().thenApply(all -> inPieces(r, new ShowSessDump(all, format, false)));
        }
        return onEveryLoop(streams -> streams.snapshot(id)).thenApply(found -> found.stream().flatMap(Optional::stream)
                .findFirst().map(s -> inPieces(r, new ShowSessDump(List.of(s), format, true))).orElse(NOT_FOUND));
    }

    /** {@code shutdown session ID}: silent once the stream is cut. */
    private CompletionStage<String> shutdownSession(CommandRequest r) {
        long id = SessionPointer.anyBase(r.arg(2));
        if (id == 0) {
            throw new CommandException(POINTER_EXPECTED);
        }
        return onEveryLoop(streams -> streams.kill(id)).thenApply(killed ->
                killed.contains(Boolean.TRUE) ? "" : NO_SUCH_SESSION);
    }

    /**
     * Answers once every loop has cut its streams on the server: a {@code del server} sent next on
     * the same socket finds the server without sessions (with HAProxy the streams end a moment
     * later, and that {@code del server} may still be refused).
     */
    private CompletionStage<String> shutdownSessionsServer(CommandRequest r) {
        Server server = ServerPath.server(backends, r.arg(3));
        return onEveryLoop(streams -> {
            streams.killServedBy(server);
            closeIdleConnections.accept(server);
            return null;
        }).thenApply(v -> "");
    }

    /** Every stream of every loop, loop by loop, each loop's oldest first (HAProxy's order, thread by thread). */
    private CompletableFuture<List<StreamSnapshot>> everyStream() {
        return onEveryLoop(LiveStreams::snapshot).thenApply(perLoop -> {
            List<StreamSnapshot> all = new ArrayList<>();
            perLoop.forEach(all::addAll);
            return all;
        });
    }

    /**
     * Runs {@code task} on each loop's registry, there; completes on the stats sockets' loop with
     * the results in loop order (what comes next, formatting a long answer, must not hold up a
     * traffic loop, which the last loop to finish would be).
     */
    private <T> CompletableFuture<List<T>> onEveryLoop(Function<LiveStreams, T> task) {
        List<CompletableFuture<T>> results = new ArrayList<>();
        for (EventExecutor loop : loops) {
            results.add(CompletableFuture.supplyAsync(() -> task.apply(LiveStreams.current()), loop));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApplyAsync(v -> results.stream().map(CompletableFuture::join).toList(), cliLoop);
    }

    /**
     * Hands the answer to the session, which writes it piece by piece as the client reads; called
     * on the stats sockets' loop, where the session runs, before the command's stage completes.
     */
    private static String inPieces(CommandRequest r, AnswerDump dump) {
        r.session().answerInPieces(dump);
        return "";
    }
}
