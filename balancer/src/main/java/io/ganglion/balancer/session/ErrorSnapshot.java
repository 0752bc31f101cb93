package io.ganglion.balancer.session;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One captured invalid message, immutable: what {@code show errors} prints for it.
 *
 * @param atMillis   when it was refused (wall clock)
 * @param event      its number among every capture of the process, from 0 (HAProxy's global error counter)
 * @param proxy      the proxy that refused it: the frontend for a request, the backend for a response
 * @param peerProxy  the other side's proxy, or null: the frontend of a response; null for a request,
 *                   refused before a backend was chosen
 * @param server     the server that sent a response, or null
 * @param serverId   that server's id, or -1
 * @param source     the client's address
 * @param bytes      the message's bytes from its first one, at most {@link ErrorCaptures#CAPTURE_LIMIT}
 * @param stop       where the parser refused it
 */
public record ErrorSnapshot(long atMillis, int event, Direction direction, String proxy, String peerProxy,
        String server, int serverId, InetSocketAddress source, byte[] bytes, ParseStop stop) {

    /** Which way the message went. */
    public enum Direction {
        REQUEST, RESPONSE
    }

    public ErrorSnapshot {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stop, "stop");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    byte byteAt(int i) {
        return bytes[i];
    }
}
