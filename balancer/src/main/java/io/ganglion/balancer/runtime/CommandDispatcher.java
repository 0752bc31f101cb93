package io.ganglion.balancer.runtime;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one parsed command into its answer text: finds the row, checks the session's level
 * ({@code Permission denied}), runs the handler and turns its failures into answers. It never
 * throws and never returns a failed stage: a bad command always gets an answer and the session
 * goes on.
 */
final class CommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    static final String PERMISSION_DENIED = "Permission denied\n";
    static final String INTERNAL_ERROR = "Internal error.\n";

    private final CommandRegistry registry;

    CommandDispatcher(CommandRegistry registry) {
        this.registry = registry;
    }

    CompletionStage<String> dispatch(List<String> args, Optional<String> payload, CliSessionControl session) {
        Optional<CliCommand> row = registry.find(args);
        if (row.isEmpty()) {
            return CompletableFuture.completedFuture(registry.unknownCommand(args));
        }
        CliCommand command = row.get();
        if (!session.level().allows(command.level())) {
            return CompletableFuture.completedFuture(PERMISSION_DENIED);
        }
        CompletionStage<String> answer;
        try {
            answer = command.handler().handle(new CommandRequest(args, payload, session));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer == null) {
            answer = CompletableFuture.failedFuture(new NullPointerException("handler returned no answer"));
        }
        return answer.handle((text, failure) -> failure == null ? nullToEmpty(text) : describe(command, failure));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String describe(CliCommand command, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CommandException refused) {
            return refused.getMessage();
        }
        LOG.warn("stats socket command '{}' failed", String.join(" ", command.words()), cause);
        return INTERNAL_ERROR;
    }
}
