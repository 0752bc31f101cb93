package io.ganglion.balancer.runtime;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs one command. It is called on the session's event loop, one command of a session at a time,
 * in the order the client sent them.
 *
 * <p>The answer is the text to print (HAProxy's words; {@code ""} for a silent success). A line
 * break is added when the text does not end with one, then the session adds the end-of-answer
 * blank line. Precise refusals are thrown as {@link CommandException}; any other failure answers
 * {@code Internal error.} and is logged.
 *
 * <p>A handler that must run elsewhere (mutating commands on the control thread) returns a stage
 * completed there; the session writes nothing else and runs no later command of the same session
 * until it completes, so answers and effects keep the client's order.
 *
 * <p>A long answer ({@code show stat}, {@code show sess}) is an {@link AnswerDump}, made with
 * {@link #dump}: the session writes it piece by piece as the client reads.
 */
@FunctionalInterface
public interface CommandHandler {

    CompletionStage<String> handle(CommandRequest request);

    /** A handler that answers at once on the event loop. */
    static CommandHandler sync(SyncHandler handler) {
        return request -> CompletableFuture.completedFuture(handler.answer(request));
    }

    /**
     * A handler that runs on {@code executor} (the control thread): at once when the session is
     * already on it, as stats sockets are on the {@link ControlLoop}, otherwise handed over.
     */
    static CommandHandler on(Executor executor, SyncHandler handler) {
        return request -> {
            if (executor instanceof EventExecutor loop && loop.inEventLoop()) {
                try {
                    return CompletableFuture.completedFuture(handler.answer(request));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return CompletableFuture.supplyAsync(() -> handler.answer(request), executor);
        };
    }

    /**
     * A handler whose answer is long: {@code handler} checks the request (refusing it with a
     * {@link CommandException}, answered as text) and returns the dump, which the session then
     * writes one piece per loop turn while the client reads, before the end-of-answer blank line.
     */
    static CommandHandler dump(DumpHandler handler) {
        return request -> {
            request.session().answerInPieces(handler.dump(request));
            return CompletableFuture.completedFuture("");
        };
    }

    /** The usual shape of a command that needs no other thread. */
    @FunctionalInterface
    interface SyncHandler {
        String answer(CommandRequest request);
    }

    /** The shape of a command whose answer is an {@link AnswerDump}. */
    @FunctionalInterface
    interface DumpHandler {
        AnswerDump dump(CommandRequest request);
    }
}
