package io.ganglion.balancer.tls;

import io.ganglion.balancer.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS server for tests of TLS to servers: it serves the test PKI's {@code localhost}
 * certificate (also valid for {@code *.example.test}), records the SNI of every handshake (null
 * when the client sent none), and answers every request {@code 200} with the connection's SNI as
 * its body, so that a client sees which name the connection that carried its request was made for.
 */
final class SniRecordingTlsServer implements AutoCloseable {
    private static final AttributeKey<String> SNI = AttributeKey.valueOf("test-sni");

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<String> handshakes = new CopyOnWriteArrayList<>();
    private final List<String> completed = new CopyOnWriteArrayList<>();
    private final Channel channel;

    SniRecordingTlsServer(TestPki pki) throws Exception {
        SslContext context = SslContextBuilder.forServer(new File(pki.path("server.crt")), new File(pki.path("server.key")))
                .build();
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SniHandler(name -> {
                            handshakes.add(String.valueOf(name));
                            ch.attr(SNI).set(name);
                            return context;
                        }), new HandshakeRecorder(), new HttpServerCodec(), new HttpObjectAggregator(65536), new Answer());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The SNI of each TLS connection made so far, in order ("null" for none). */
    List<String> handshakes() {
        return List.copyOf(handshakes);
    }

    /** Each completed handshake so far, in order: its SNI, then "full" or "resumed". */
    List<String> completed() {
        return List.copyOf(completed);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Tells whether each handshake resumed a session (the library's own answer). */
    private final class HandshakeRecorder extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent done && done.isSuccess()) {
                javax.net.ssl.SSLEngine engine = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class).engine();
                boolean resumed = engine instanceof io.netty.handler.ssl.ReferenceCountedOpenSslEngine e
                        && io.netty.internal.tcnative.SSL.isSessionReused(e.sslPointer());
                completed.add(ctx.channel().attr(SNI).get() + " " + (resumed ? "resumed" : "full"));
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] body = ("sni=" + ctx.channel().attr(SNI).get()).getBytes(StandardCharsets.US_ASCII);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (request.headers().contains("x-close")) {
                // one request per connection: the next one needs a new connection, and a handshake
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(response);
        }
    }
}
