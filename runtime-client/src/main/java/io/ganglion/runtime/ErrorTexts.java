package io.ganglion.runtime;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * HAProxy's error sentences (2.6 and 2.8, see the runtime API reference) sorted into exception
 * types. Matching uses the first line only: every error HAProxy prints fits on it.
 */
final class ErrorTexts {

    private record Kind(Predicate<String> matches, BiFunction<String, String, CommandFailedException> factory) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(oneOf("No such backend.", "Can't find backend.", "No such proxy."), NoSuchBackendException::new),
            new Kind(oneOf("No such frontend."), NoSuchFrontendException::new),
            new Kind(oneOf("No such server."), NoSuchServerException::new),
            new Kind(oneOf("Permission denied"), PermissionDeniedException::new),
            new Kind(line -> line.startsWith("Require ")
                    || line.startsWith("Invalid ")
                    || line.startsWith("usage:")
                    || line.startsWith("unknown keyword")
                    || line.startsWith("provided port")
                    || line.startsWith("problem converting port")
                    || line.contains(" expects ")
                    || line.contains("garbage")
                    || line.contains("can only be between")
                    || line.contains("must be positive")
                    || line.contains("only accepts weights")
                    || line.contains(" requires a")
                    || oneOf("Integer value expected.", "Expects an integer value.", "Value out of range.",
                            "A frontend name is expected.", "Invalid timeout value.").test(line),
                    InvalidArgumentException::new),
            new Kind(line -> line.startsWith("Unknown command")
                    || line.startsWith("Proxy is disabled.")
                    || line.startsWith("Only servers in maintenance mode")
                    || line.startsWith("Server still has connections")
                    || line.startsWith("This server cannot be removed")
                    || line.startsWith("Already exists a server")
                    || line.startsWith("Backend must use a dynamic load balancing")
                    || line.startsWith("Health check was not configured")
                    || line.startsWith("Agent was not configured")
                    || line.startsWith("health checks are not enabled")
                    || line.startsWith("agent checks are not enabled")
                    || line.startsWith("cannot change health on a tracking server")
                    || line.startsWith("This command is restricted to")
                    || line.startsWith("Frontend was previously shut down")
                    || line.startsWith("Failed to pause frontend")
                    || line.startsWith("Failed to resume frontend")
                    || line.startsWith("Cannot attach server")
                    || line.startsWith("'cookie' option is not accepted"),
                    CommandFailedException::new));

    private ErrorTexts() {
    }

    static boolean isError(String answerText) {
        String first = firstLine(answerText);
        return KINDS.stream().anyMatch(kind -> kind.matches().test(first));
    }

    /** The most specific exception for an answer already known to be an error. */
    static CommandFailedException toException(String command, String answerText) {
        String first = firstLine(answerText);
        return KINDS.stream()
                .filter(kind -> kind.matches().test(first))
                .findFirst()
                .map(kind -> kind.factory().apply(command, answerText))
                .orElseGet(() -> new CommandFailedException(command, answerText));
    }

    private static Predicate<String> oneOf(String... lines) {
        List<String> all = List.of(lines);
        return all::contains;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
