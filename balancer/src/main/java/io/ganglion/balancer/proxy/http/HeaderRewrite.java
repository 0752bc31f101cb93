package io.ganglion.balancer.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

/**
 * What the balancer changes in the headers it passes on: hop-by-hop headers stay on their hop,
 * and the server hears the client through {@code X-Forwarded-For}. Public for the header path's
 * microbenchmark.
 */
public final class HeaderRewrite {
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private HeaderRewrite() {
    }

    /**
     * Makes a request read from a client fit to go to a server.
     *
     * @param forwardedFor the client's address for {@code X-Forwarded-For}, or null when not wanted
     */
    public static void forServer(HttpRequest request, String forwardedFor) {
        HttpHeaders h = request.headers();
        removeHopByHop(h);
        h.remove(HttpHeaderNames.EXPECT); // answered by the balancer once a server is connected
        if (forwardedFor != null) {
            h.add("X-Forwarded-For", forwardedFor);
        }
    }

    /**
     * Removes {@code Connection}, the headers it names, {@code Keep-Alive} and {@code Proxy-Connection}.
     * The framing headers stay whatever {@code Connection} says: the body was framed by them, and
     * without them the next hop would read the body as the next message (request smuggling).
     */
    public static void removeHopByHop(HttpHeaders h) {
        // Most messages have no Connection header, or one naming no other header: no list, no split.
        if (h.contains(HttpHeaderNames.CONNECTION)) {
            for (String listed : h.getAll(HttpHeaderNames.CONNECTION)) {
                if (listed.indexOf(',') < 0 && isConnectionOption(listed.trim())) {
                    continue;
                }
                for (String name : listed.split(",")) {
                    String n = name.trim();
                    if (!n.isEmpty() && !isConnectionOption(n) && !isFramingHeader(n)) {
                        h.remove(n);
                    }
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove(PROXY_CONNECTION);
    }

    private static boolean isFramingHeader(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name);
    }

    /** {@code close} and {@code keep-alive} are options of the connection, not header names. */
    private static boolean isConnectionOption(String token) {
        return token.equalsIgnoreCase("close") || token.equalsIgnoreCase("keep-alive");
    }
}
