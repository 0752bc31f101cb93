package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The balancer's loops read the clock once per phase of a turn: every read of one phase gives the
 * same instant, a later turn reads it again, and a thread that is not such a loop reads the
 * system's clock each time. On the balancer's own transport (epoll here, NIO elsewhere).
 */
class LoopClockTest {
    private final Transport transport = Transport.best();
    private final EventLoopGroup loop = transport.newEventLoopGroup(1, "loop-clock-test");

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void everyReadOfOnePhaseGivesTheSameInstant() throws Exception {
        long[] reads = loop.next().submit(() -> {
            long nanos = LoopClock.nanoTime();
            long millis = LoopClock.currentTimeMillis();
            waitUntilSystemClockPasses(nanos + TimeUnit.MILLISECONDS.toNanos(2));
            return new long[] {nanos, LoopClock.nanoTime(), millis, LoopClock.currentTimeMillis()};
        }).get(5, TimeUnit.SECONDS);

        assertThat(reads[1]).isEqualTo(reads[0]);
        assertThat(reads[3]).isEqualTo(reads[2]);
    }

    @Test
    void theReadOfAnEventComingLaterIsFresh() throws Exception {
        CompletableFuture<long[]> atRead = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(loop).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                atRead.complete(new long[] {LoopClock.nanoTime(), LoopClock.nanoTime()});
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        try (Socket client = new Socket()) {
            client.connect((InetSocketAddress) server.localAddress());
            long before = loop.next().submit(LoopClock::nanoTime).get(5, TimeUnit.SECONDS);
            waitUntilSystemClockPasses(before);
            OutputStream out = client.getOutputStream();
            out.write('x'); // read by the loop in a turn after the task above
            out.flush();

            long[] read = atRead.get(5, TimeUnit.SECONDS);

            assertThat(read[0]).isGreaterThan(before);
            assertThat(read[1]).isEqualTo(read[0]);
        } finally {
            server.close().sync();
        }
    }

    @Test
    void offTheLoopsEachReadIsTheSystems() {
        long first = LoopClock.nanoTime();
        waitUntilSystemClockPasses(first);

        assertThat(LoopClock.nanoTime()).isGreaterThan(first);
    }

    /** Lets the system's clock move past {@code nanos} (the time itself is what these tests are about). */
    private static void waitUntilSystemClockPasses(long nanos) {
        while (System.nanoTime() <= nanos) {
            Thread.onSpinWait();
        }
    }
}
