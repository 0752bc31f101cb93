package io.ganglion.balancer.session;

import io.ganglion.balancer.config.ProxyMode;

/**
 * What {@code show sess} prints of one stream, read on the stream's own loop when the command ran
 * (immutable, so the answer can be written later, from any thread, in pieces).
 *
 * <p>Times are durations measured at that instant: the answer shows what HAProxy would have shown
 * at the moment of the command, however slowly the client reads it.
 *
 * @param id          the stable id ({@code 0x...} in {@code show sess}, the word {@code shutdown session} takes)
 * @param uniqueId    the stream's rank since start ({@code id=} of the detailed block; HAProxy's {@code uniq_id})
 * @param epoch       how many {@code show sess} commands had run when the stream began
 * @param startMillis wall-clock start (the detailed block's date)
 * @param ageNanos    time since the start
 * @param kind        what carries the stream; decides the detailed block's lines
 * @param client      the client side connection
 * @param frontend    its frontend, {@code GLOBAL} for a stats socket session
 * @param listenerId  the listener's number in its frontend (bind lines, stats sockets in order, from 1)
 * @param listenerAddress the listener's address ({@code unix:N} for a unix stats socket)
 * @param backend     the backend, or null (none chosen, a stats socket session)
 * @param server      the server side connection, or null (no server yet)
 * @param timers      the deadlines the stream waits on
 * @param requestBytes  bytes received from the client
 * @param responseBytes bytes sent to the client
 * @param http        the HTTP transaction, or null ({@code mode tcp}, a stats socket session)
 */
public record StreamSnapshot(long id, long uniqueId, long epoch, long startMillis, long ageNanos, Kind kind,
        Side client, Proxy frontend, int listenerId, String listenerAddress, Proxy backend, ServerSide server,
        Timers timers, long requestBytes, long responseBytes, HttpTransaction http) {

    /** What carries a stream. */
    public enum Kind {
        /** An HTTP transaction (HAProxy's H1 mux). */
        HTTP,
        /** A {@code mode tcp} connection (HAProxy's pass-through mux). */
        TCP,
        /** A stats socket session (HAProxy's CLI applet). */
        CLI
    }

    /**
     * One side's connection.
     *
     * @param proto   HAProxy's protocol name: {@code tcpv4}, {@code tcpv6}, {@code unix_stream}
     * @param address the peer (client side) or local (server side) address as HAProxy prints it
     * @param fd      the socket's file descriptor, -1 when the transport has none
     */
    public record Side(String proto, String address, int fd) {
    }

    /** A proxy by name and mode; its numeric id is the formatter's to find. */
    public record Proxy(String name, ProxyMode mode) {
        /** The stats sockets' frontend. */
        public static final Proxy GLOBAL = new Proxy("GLOBAL", ProxyMode.TCP);
    }

    /**
     * The server side.
     *
     * @param name    the server, or null while none is assigned (queued, connecting)
     * @param id      its id in the backend
     * @param address where it listens, or null
     * @param local   the connection's own end, or null while not connected
     */
    public record ServerSide(String name, int id, String address, Side local) {
    }

    /**
     * Deadlines, each as the time left when the snapshot was taken, or -1 when none is armed.
     *
     * @param requestRead  the client must send something within ({@code timeout client} of a tcp
     *                     stream; HAProxy's {@code rq[rx=]})
     * @param responseRead the server must answer within ({@code timeout server}; {@code rp[rx=]})
     * @param expire       the nearest of the stream's deadlines ({@code exp=})
     * @param queue        while no server is assigned: the queue timeout left ({@code c_exp=},
     *                     {@code conn_exp=})
     */
    public record Timers(long requestRead, long responseRead, long expire, long queue) {
        public static final Timers NONE = new Timers(-1, -1, -1, -1);

        /** The timers of a stream waiting in its backend's queue: {@code timeout queue} left and the client's. */
        public static Timers queued(long requestRead, long queue) {
            return new Timers(requestRead, -1, requestRead < 0 ? queue : queue < 0 ? requestRead : Math.min(requestRead, queue),
                    queue);
        }
    }

    /**
     * The HTTP transaction's state.
     *
     * @param method        HAProxy's method number (0 OPTIONS, 1 GET, 2 HEAD, 3 POST, 4 PUT, 5 DELETE,
     *                      6 TRACE, 7 CONNECT, 8 other)
     * @param status        the response status, -1 before one is known
     * @param requestDone   the whole request was forwarded
     * @param responseBegun the response head arrived
     * @param responseDone  the whole response was forwarded
     * @param requestHeaders how many header lines the request has (its HTX blocks, while it waits
     *                      for a server in HAProxy's buffer, are its start line, these, and the end of head)
     */
    public record HttpTransaction(int method, int status, boolean requestDone, boolean responseBegun,
            boolean responseDone, int requestHeaders) {
    }
}
