package io.ganglion.balancer.proxy.stream;

import java.net.InetSocketAddress;

/**
 * The message of the log phase: a finished stream, with what only the connection that ran it knows
 * (its listening address, its server connection, the connection counts at the moment HAProxy would
 * log). Implemented by the connection handlers themselves ({@code mode tcp}) or by the HTTP
 * transaction, so logging a line allocates no view object.
 */
public interface LoggedStream {
    Stream stream();

    /** The request line as received ({@code GET /a HTTP/1.1}), or null for a {@code mode tcp} stream. */
    String requestLine();

    /** The address the client connected to ({@code %fi}, {@code %fp}). */
    InetSocketAddress frontendAddress();

    /** The server connection's local address ({@code %bi}, {@code %bp}), or null without a server connection. */
    InetSocketAddress serverSourceAddress();

    /** The server connection's remote address ({@code %si}, {@code %sp}), or null without a server connection. */
    InetSocketAddress serverAddress();

    /** {@code %U}: what the client sent, as HAProxy counts it (an HTTP message in its internal form). */
    default long loggedBytesIn() {
        return stream().bytesIn();
    }

    /** {@code %B}: what the client was sent, as HAProxy counts it. */
    default long loggedBytesOut() {
        return stream().bytesOut();
    }

    /** The process's connections when the line is written ({@code %ac}), this stream's included. */
    int activeConnections();

    /** The frontend's connections when the line is written ({@code %fc}), this stream's included. */
    int frontendConnections();
}
