package io.ganglion.runtime.balancers;

import java.time.Duration;

import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;

/**
 * How a test reaches the socket: a connection per command over the unix socket, or one prompt
 * session over TCP. Together they cover both endpoints and both client classes.
 */
public enum Access {
    CLIENT_OVER_UNIX, SESSION_OVER_TCP;

    /** Generous: the machine is shared, and the tests assert behaviour, not speed. */
    public static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(60));

    public RuntimeApi open(StatsSockets sockets) {
        return switch (this) {
            case CLIENT_OVER_UNIX -> new RuntimeClient(sockets.admin(), TIMEOUTS);
            case SESSION_OVER_TCP -> new RuntimeSession(sockets.adminTcp(), TIMEOUTS);
        };
    }

    public RuntimeApi open(Endpoint endpoint) {
        return this == CLIENT_OVER_UNIX ? new RuntimeClient(endpoint, TIMEOUTS) : new RuntimeSession(endpoint, TIMEOUTS);
    }

    /** Closes a session; a client holds nothing to close. */
    public static void close(RuntimeApi api) {
        if (api instanceof RuntimeSession session) {
            session.close();
        }
    }
}
