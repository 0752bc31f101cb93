package io.ganglion.runtime;

import java.io.IOException;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Runtime API over one connection per command (HAProxy's non-interactive mode): connect,
 * send one line, read the answer up to the blank line or the close, disconnect. It keeps no
 * connection and no mutable state, so one instance is safe to share between threads.
 *
 * <pre>
 *   RuntimeClient client = new RuntimeClient(Endpoint.parse("/run/haproxy/admin.sock"), Timeouts.DEFAULT);
 *   client.setServerState("be_app", "web1", AdminState.DRAIN);
 *   List&lt;StatRow&gt; rows = client.showStat(StatFilter.proxy("be_app"));
 * </pre>
 */
public final class RuntimeClient implements RuntimeApi {

    private static final Logger log = LoggerFactory.getLogger(RuntimeClient.class);

    private final Endpoint endpoint;
    private final Timeouts timeouts;

    public RuntimeClient(Endpoint endpoint, Timeouts timeouts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Answer execute(Command command) {
        Objects.requireNonNull(command, "command");
        try (Connection connection = Connection.open(endpoint, timeouts)) {
            connection.write(command.line() + "\n");
            String text = new AnswerReader(connection, AnswerReader.Framing.ONE_SHOT).next();
            if (text == null) {
                throw new RuntimeTransportException(endpoint + " closed the connection without answering '" + command + "'");
            }
            log.debug("{} <- '{}': {} bytes", endpoint, command, text.length());
            return new Answer(command, text);
        } catch (IOException e) {
            throw new RuntimeTransportException("'" + command + "' on " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RuntimeClient[" + endpoint + "]";
    }
}
