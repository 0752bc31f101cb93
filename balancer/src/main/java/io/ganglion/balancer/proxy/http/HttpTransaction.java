package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.server.Server;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;

/**
 * One request and its response on a client connection: the {@link Stream} that the phases and the
 * log see, and the HTTP/1 state of its relay (which side is done, the server connection it uses).
 * Lives on the client's event loop only. It is also the log phase's view of its stream.
 */
final class HttpTransaction implements LoggedStream {
    final Stream stream;
    private final Channel client;
    private final ProxyContext context;
    final HttpRequest request;
    final boolean head;
    final boolean clientKeepAlive;
    HttpSession.Dispatch dispatch;
    Channel serverChannel;
    /** The request line as the log shows it, built when first logged. */
    private String requestLine;
    /**
     * The request head was refused as it was read: HAProxy has no stream for it then, and logs
     * {@code <BADREQ>} for its request line.
     */
    boolean headRefused;
    /** The server connection used last, kept after it is released (its addresses are logged: %bi, %si). */
    Channel lastServerChannel;
    ServerSideHandler serverHandler;
    boolean reused;
    boolean expectContinue;
    boolean continueSent;
    boolean requestComplete;
    long requestBodyBytes;
    boolean responseStarted;
    /** A response head not written to the client yet (see {@code ServerRelay.serverMessage}). */
    HttpResponse heldResponseHead;
    boolean responseComplete;
    boolean skippingInterim;
    boolean serverReusable;
    boolean closeClientAfter;
    /** {@code option httpclose|http-server-close} of the frontend and backend. */
    ConnectionPolicy connections = ConnectionPolicy.KEEP_ALIVE;
    int staleReplays;
    boolean pendingLastContentReplay;
    boolean finished;
    /** {@code %U} and {@code %B} as HAProxy counts them ({@link HtxSize}): the messages' internal sizes so far. */
    long loggedIn;
    long loggedOut;
    boolean chunkedResponse;
    boolean chunkedRequest;
    /** What the client sent before a server was chosen: counted for the server and backend once there is one. */
    long bytesInBeforeServer;
    long lastServerActivityNanos;
    long clientBlockedSinceNanos;
    /** {@code timeout server} once a server is connected; 0 = not armed. */
    long serverTimeoutNanos;

    HttpTransaction(Stream stream, HttpRequest request, Channel client, ProxyContext context) {
        this.stream = stream;
        this.client = client;
        this.context = context;
        this.request = request;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    }

    Server server() {
        return stream.server();
    }

    // ---- what the log line reads (LoggedStream) -------------------------------------------------

    @Override
    public Stream stream() {
        return stream;
    }

    /** Built only for the access log (most transactions of a busy balancer are not logged), once. */
    @Override
    public String requestLine() {
        if (requestLine == null && !headRefused) {
            requestLine = request.method() + " " + request.uri() + " " + request.protocolVersion();
        }
        return requestLine;
    }

    @Override
    public long loggedBytesIn() {
        return loggedIn;
    }

    @Override
    public long loggedBytesOut() {
        return loggedOut;
    }

    /** The size HAProxy counts for a body part ({@code chunked}: of a chunked body): its data, and a chunked body's end. */
    static long htxSize(HttpContent part, boolean chunked) {
        return part.content().readableBytes() + trailers(part, chunked);
    }

    /** The end of a chunked body: 1, and its trailers' names and values. */
    private static long trailers(HttpContent part, boolean chunked) {
        return chunked && part instanceof LastHttpContent last
                ? HtxSize.END_OF_TRAILERS + HtxSize.headers(last.trailingHeaders()) : 0;
    }

    @Override
    public InetSocketAddress frontendAddress() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public InetSocketAddress serverSourceAddress() {
        return lastServerChannel == null ? null : (InetSocketAddress) lastServerChannel.localAddress();
    }

    @Override
    public InetSocketAddress serverAddress() {
        return lastServerChannel == null ? null : (InetSocketAddress) lastServerChannel.remoteAddress();
    }

    @Override
    public int activeConnections() {
        return context.activeConnections().get();
    }

    @Override
    public int frontendConnections() {
        return stream.frontend().counters().current();
    }
}
