package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.config.HttpConnectionMode;
import io.ganglion.balancer.config.ProxySection;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Which connections of one HTTP transaction close after its response, from the frontend's and the
 * backend's connection modes, as HAProxy 2.6 decides it (configuration.txt, {@code option httpclose}
 * and section 4): only the frontend decides for the client connection; the server connection closes
 * when either proxy asks for {@code http-server-close} or {@code httpclose}. A {@code listen} section
 * is both, so its {@code httpclose} closes both sides. So a backend's {@code httpclose} behind a
 * keep-alive frontend acts as {@code http-server-close}, as HAProxy 2.6 does in traffic.
 *
 * @param closeClient the response says {@code Connection: close} and the client connection closes after it
 * @param closeServer the request says {@code Connection: close} (HTTP/1.1) and the server connection
 *                    is closed after the response instead of being kept for reuse
 */
record ConnectionPolicy(boolean closeClient, boolean closeServer) {
    static final ConnectionPolicy KEEP_ALIVE = new ConnectionPolicy(false, false);

    static ConnectionPolicy of(ProxySection frontend, ProxySection backend) {
        HttpConnectionMode fe = frontend.httpConnectionMode();
        HttpConnectionMode be = backend.httpConnectionMode();
        boolean closeClient = fe == HttpConnectionMode.CLOSE;
        boolean closeServer = fe != HttpConnectionMode.KEEP_ALIVE || be != HttpConnectionMode.KEEP_ALIVE;
        return closeClient || closeServer ? new ConnectionPolicy(closeClient, closeServer) : KEEP_ALIVE;
    }

    /**
     * Tells the server, on a request whose hop-by-hop headers were removed, that its connection
     * closes after the response. An HTTP/1.0 request says it by its version, and HAProxy adds nothing.
     */
    void announceToServer(HttpRequest request) {
        if (closeServer && !request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }
}
