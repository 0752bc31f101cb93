package io.ganglion.bench.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP backend every balancer (and the direct run) is measured against: answers any request
 * with {@code 200} and the same {@value #BODY_BYTES}-byte body, keeps the connection open unless
 * the client asked to close it. It does as little as an HTTP server can, so the backend's own cost
 * is the same small constant in every column.
 */
public final class HttpBackend extends ChannelInitializer<SocketChannel> {
    /** The body size of the reference figures (wrk against nginx, 100-byte bodies). */
    public static final int BODY_BYTES = 100;

    /** Shared read-only by every connection: each response sends a duplicate, never the original. */
    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer(BODY_BYTES)
            .writeBytes("x".repeat(BODY_BYTES - 1).concat("\n").getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final ChannelHandler responder;

    public HttpBackend() {
        this(() -> { });
    }

    /** @param onRequest called on the event loop as each request arrives, before it is answered: keep it short */
    public HttpBackend(Runnable onRequest) {
        this.responder = new Responder(onRequest);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), responder);
    }

    /** No per-connection state, hence one instance for every connection. */
    @ChannelHandler.Sharable
    private static final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Runnable onRequest;

        Responder(Runnable onRequest) {
            this.onRequest = onRequest;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            onRequest.run();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    BODY.duplicate());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY_BYTES);
            boolean keepAlive = HttpUtil.isKeepAlive((HttpRequest) request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A load generator that stops mid-request resets its connections: nothing to report.
            ctx.close();
        }
    }
}
