package io.ganglion.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Runtime API over one kept connection in {@code prompt} mode, for bursts of commands and for
 * pipelined batches: {@link #pipeline(List)} writes the commands, then reads the answers, and
 * returns them in the order of the commands.
 *
 * <p><b>Reconnects.</b> The connection opens on first use and again after it broke (the server's
 * idle timeout, a balancer restart, a read timeout). A command, or a whole batch, is sent again
 * once only when the connection turned out to be closed before a single byte of answer came
 * back: a server that closed the connection did not read what we wrote after that. A connection
 * that breaks in the middle of a batch is not retried (some commands may have run); the
 * exception says how many answers arrived.
 *
 * <p><b>Threads.</b> All methods take this object's lock: one batch at a time on the wire, so
 * answers cannot interleave. Callers from several threads queue.
 */
public final class RuntimeSession implements RuntimeApi, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeSession.class);

    /**
     * A batch goes out in windows of at most this many bytes of commands, each window's answers
     * read before the next one is written: HAProxy reads at most one buffer (16 kB by default) of
     * requests at a time, and a client that writes without reading could block against a server
     * that is blocked writing answers to it.
     */
    static final int WINDOW_BYTES = 8 * 1024;

    private static final Set<String> SESSION_WORDS = Set.of("prompt", "quit");

    private final Endpoint endpoint;
    private final Timeouts timeouts;

    // Guarded by "this": only touched inside synchronized methods.
    private Connection connection;
    private AnswerReader reader;
    private boolean closed;

    public RuntimeSession(Endpoint endpoint, Timeouts timeouts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public Answer execute(Command command) {
        return pipeline(List.of(command)).get(0);
    }

    /**
     * Sends the commands back to back and returns one answer per command, in the same order.
     * Error answers are answers (check {@link Answer#isSuccess()}); a broken connection throws
     * {@link RuntimeTransportException}.
     */
    public synchronized List<Answer> pipeline(List<Command> commands) {
        if (closed) {
            throw new IllegalStateException("session to " + endpoint + " is closed");
        }
        commands.forEach(RuntimeSession::requireSessionSafe);
        List<Answer> answers = new ArrayList<>(commands.size());
        for (List<Command> window : windows(commands)) {
            answers.addAll(sendWindow(window, answers.size(), commands.size()));
        }
        return List.copyOf(answers);
    }

    /** {@code prompt} and {@code quit} would change the session's own mode under it. */
    private static void requireSessionSafe(Command command) {
        String first = command.words().get(0);
        if (SESSION_WORDS.contains(first)) {
            throw new IllegalArgumentException("'" + first + "' is managed by the session itself and cannot be sent through it");
        }
    }

    private List<Answer> sendWindow(List<Command> window, int answeredBefore, int total) {
        boolean freshConnection = connection == null;
        List<Answer> answers = new ArrayList<>(window.size());
        try {
            ensureConnected();
            writeAll(window);
            for (Command command : window) {
                String text = reader.next();
                if (text == null) {
                    return retryIfNothingArrived(window, answers, freshConnection, answeredBefore, total);
                }
                answers.add(new Answer(command, text));
            }
            return answers;
        } catch (RuntimeTransportException e) {
            disconnect();
            throw e;
        } catch (IOException e) {
            disconnect();
            if (answers.isEmpty() && answeredBefore == 0 && !freshConnection) {
                log.debug("{}: connection broke before any answer ({}), reconnecting", endpoint, e.getMessage());
                return sendWindow(window, answeredBefore, total);
            }
            throw new RuntimeTransportException(brokenMessage(answeredBefore + answers.size(), total) + ": " + e.getMessage(), e);
        }
    }

    private List<Answer> retryIfNothingArrived(List<Command> window, List<Answer> answers, boolean freshConnection,
                                              int answeredBefore, int total) {
        disconnect();
        if (answers.isEmpty() && answeredBefore == 0 && !freshConnection) {
            log.debug("{}: the server had closed the session, reconnecting", endpoint);
            return sendWindow(window, answeredBefore, total);
        }
        throw new RuntimeTransportException(brokenMessage(answeredBefore + answers.size(), total));
    }

    private String brokenMessage(int answered, int total) {
        return "connection to " + endpoint + " closed after " + answered + " of " + total + " answers";
    }

    private void writeAll(List<Command> window) throws IOException {
        StringBuilder lines = new StringBuilder();
        window.forEach(command -> lines.append(command.line()).append('\n'));
        connection.write(lines.toString());
    }

    private static List<List<Command>> windows(List<Command> commands) {
        List<List<Command>> windows = new ArrayList<>();
        List<Command> current = new ArrayList<>();
        int bytes = 0;
        for (Command command : commands) {
            int size = command.line().length() + 1;
            if (!current.isEmpty() && bytes + size > WINDOW_BYTES) {
                windows.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(command);
            bytes += size;
        }
        if (!current.isEmpty()) {
            windows.add(current);
        }
        return windows;
    }

    /** Opens the connection and turns prompt mode on; HAProxy acknowledges with an empty answer. */
    private void ensureConnected() throws IOException {
        if (connection != null) {
            return;
        }
        Connection fresh = Connection.open(endpoint, timeouts);
        try {
            AnswerReader freshReader = new AnswerReader(fresh, AnswerReader.Framing.PROMPT);
            fresh.write("prompt\n");
            if (freshReader.next() == null) {
                throw new RuntimeTransportException(endpoint + " closed the connection when asked for prompt mode");
            }
            connection = fresh;
            reader = freshReader;
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
            reader = null;
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** True while a connection is open (it may still turn out to be closed by the server). */
    public synchronized boolean isConnected() {
        return connection != null;
    }

    /** Says {@code quit} when connected, then closes. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection != null) {
            try {
                connection.write("quit\n");
            } catch (IOException | RuntimeException e) {
                log.debug("{}: quit not delivered: {}", endpoint, e.getMessage());
            }
        }
        disconnect();
    }

    @Override
    public String toString() {
        return "RuntimeSession[" + endpoint + "]";
    }
}
