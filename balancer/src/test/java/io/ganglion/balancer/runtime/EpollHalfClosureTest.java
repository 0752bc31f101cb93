package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The defect {@link EpollHalfClosure} works around, made deterministic on a bare Netty epoll
 * server: the client shuts its sending side without reading; once the server has handled that
 * (its channel then wants nothing from epoll), it writes an answer larger than the socket's buffer;
 * only then does the client read. Without the workaround the write that has to wait fails with
 * ENOENT and the client gets the first buffer's worth; with it, the whole answer.
 *
 * <p>The first test is a canary: when a Netty upgrade fixes the defect it fails, and the
 * workaround can go.
 */
class EpollHalfClosureTest {
    /** Larger than any socket buffer here (unix 208 KiB by default, TCP autotuned up to 4 MiB). */
    private static final int ANSWER_BYTES = 16 << 20;

    private EventLoopGroup group;
    private Path directory;

    @BeforeEach
    void start(@TempDir Path directory) {
        assumeTrue(Epoll.isAvailable(), "native epoll");
        this.directory = directory;
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void nettyAloneCutsAnAnswerThatMustWaitForAHalfClosedSocket(String socket) throws Exception {
        Outcome outcome = answerAfterTheClientsSideIsShut(socket, false);

        assertThat(outcome.received()).isLessThan(ANSWER_BYTES);
        assertThat(outcome.writeFailure()).rootCause().hasMessageContaining("epoll_ctl").hasMessageContaining("No such file or directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void keptRegisteredTheWholeAnswerArrives(String socket) throws Exception {
        assertThat(EpollHalfClosure.available()).isTrue();

        Outcome outcome = answerAfterTheClientsSideIsShut(socket, true);

        assertThat(outcome.writeFailure()).isNull();
        assertThat(outcome.received()).isEqualTo(ANSWER_BYTES);
    }

    private record Outcome(long received, Throwable writeFailure) {
    }

    private Outcome answerAfterTheClientsSideIsShut(String socket, boolean keepRegistered) throws Exception {
        CompletableFuture<Channel> inputEnded = new CompletableFuture<>();
        ChannelInboundHandlerAdapter handler = new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof ChannelInputShutdownEvent) {
                    if (keepRegistered) {
                        EpollHalfClosure.keepRegistered(ctx.channel());
                    }
                    inputEnded.complete(ctx.channel());
                }
            }
        };
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).childHandler(handler)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        boolean unix = socket.equals("unix");
        Channel server = unix
                ? bootstrap.channel(EpollServerDomainSocketChannel.class)
                        .bind(new DomainSocketAddress(directory.resolve("s").toString())).sync().channel()
                : bootstrap.channel(EpollServerSocketChannel.class).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        SocketAddress address = unix ? UnixDomainSocketAddress.of(directory.resolve("s"))
                : (InetSocketAddress) server.localAddress();
        try (SocketChannel client = SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
            client.connect(address);
            client.shutdownOutput();
            Channel accepted = inputEnded.get(10, TimeUnit.SECONDS);

            // A task queued now runs after the loop has finished handling the end of input.
            ChannelFuture written = accepted.eventLoop().submit(
                    () -> accepted.writeAndFlush(Unpooled.wrappedBuffer(new byte[ANSWER_BYTES]))).get(10, TimeUnit.SECONDS);
            written.addListener(f -> accepted.close());

            long received = 0;
            ByteBuffer in = ByteBuffer.allocate(256 * 1024);
            for (int n; (n = client.read(in.clear())) >= 0; ) {
                received += n;
            }
            written.await(10, TimeUnit.SECONDS);
            return new Outcome(received, written.cause());
        } finally {
            server.close().sync();
        }
    }
}
