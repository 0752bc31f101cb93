package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection's handlers write and flush during a turn of its event loop leaves at the end
 * of the turn, once per connection, and before a close. One real loop; a task submitted to it is
 * a turn's work, as a read event's handling is.
 */
class TurnEndFlushTest {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final LocalAddress address = new LocalAddress("turn-end-flush-test");
    /** What each peer received, by the peer's remote address (the connecting channel's own). */
    private final Map<String, StringBuffer> received = new ConcurrentHashMap<>();
    private final Map<String, Boolean> closedPeers = new ConcurrentHashMap<>();
    private Channel server;

    @BeforeEach
    void listen() throws InterruptedException {
        server = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        String peer = ch.remoteAddress().toString();
                        received.putIfAbsent(peer, new StringBuffer());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                received.get(peer).append(buf.toString(StandardCharsets.US_ASCII));
                                buf.release();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                closedPeers.put(peer, true);
                            }
                        });
                    }
                }).bind(address).sync().channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close().sync();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aFlushLeavesAtTheEndOfTheTurnNotBefore() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        Channel channel = connect(flushes);

        int flushedDuringTheTurn = inOneTurn(() -> {
            channel.writeAndFlush(text("HTTP/1.1 200 OK\r\n\r\n"));
            return flushes.get();
        });

        assertThat(flushedDuringTheTurn).isZero();
        awaitReceived(channel, "HTTP/1.1 200 OK\r\n\r\n");
        assertThat(flushes).hasValue(1);
    }

    @Test
    void severalFlushesOfOneTurnAreOneFlushToTheSocket() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        Channel channel = connect(flushes);

        inOneTurn(() -> {
            channel.writeAndFlush(text("head "));
            channel.writeAndFlush(text("body"));
            return null;
        });

        awaitReceived(channel, "head body");
        assertThat(flushes).hasValue(1);
    }

    @Test
    void everyConnectionFlushedInATurnIsFlushedAfterIt() throws Exception {
        AtomicInteger toClientFlushes = new AtomicInteger();
        AtomicInteger toServerFlushes = new AtomicInteger();
        Channel toClient = connect(toClientFlushes);
        Channel toServer = connect(toServerFlushes);

        int[] flushedDuringTheTurn = inOneTurn(() -> {
            toClient.writeAndFlush(text("response"));
            toServer.writeAndFlush(text("request"));
            return new int[] {toClientFlushes.get(), toServerFlushes.get()};
        });

        assertThat(flushedDuringTheTurn).containsExactly(0, 0);
        awaitReceived(toClient, "response");
        awaitReceived(toServer, "request");
        assertThat(toClientFlushes).hasValue(1);
        assertThat(toServerFlushes).hasValue(1);
    }

    @Test
    void aCloseInTheTurnOfAWriteSendsTheWriteFirst() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        Channel channel = connect(flushes);

        int flushedBeforeTheClose = inOneTurn(() -> {
            channel.writeAndFlush(text("HTTP/1.1 400 Bad request\r\n\r\n"));
            int before = flushes.get();
            channel.close();
            return before;
        });

        assertThat(flushedBeforeTheClose).isZero();
        awaitReceived(channel, "HTTP/1.1 400 Bad request\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> closedPeers.containsKey(channel.localAddress().toString()));
        assertThat(flushes).as("flushed once, by the close").hasValue(1);
    }

    @Test
    void aFlushOutsideTheLoopLeavesAtOnce() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        Channel channel = connect(flushes);

        channel.writeAndFlush(text("from another thread")).sync();

        awaitReceived(channel, "from another thread");
        assertThat(flushes).hasValue(1);
    }

    private <T> T inOneTurn(Callable<T> work) throws Exception {
        return loop.next().submit(work).get(5, TimeUnit.SECONDS);
    }

    private void awaitReceived(Channel channel, String expected) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                received.getOrDefault(channel.localAddress().toString(), new StringBuffer()).toString())
                .isEqualTo(expected));
    }

    private Channel connect(AtomicInteger flushes) throws InterruptedException {
        return new Bootstrap().group(loop).channel(LocalChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(countingSocket(flushes), new TurnEndFlush());
                    }
                }).connect(address).sync().channel();
    }

    /** Stands for the socket: counts the flushes that reach it. */
    private static ChannelOutboundHandlerAdapter countingSocket(AtomicInteger flushes) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        };
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
