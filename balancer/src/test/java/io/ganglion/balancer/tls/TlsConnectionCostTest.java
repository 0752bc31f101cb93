package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.TlsClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a TLS connection costs the balancer besides the handshake itself (issue 16's CPU per
 * handshake): its engine, a client's or one to a server, is released when it closes (no finalizer
 * per connection), a client that resets the connection is sent nothing more (no close_notify into a
 * dead socket, and no second error from it), and a handshake without client certificates makes no exception (one was made,
 * stack trace and all, at every handshake, for the client certificate it could not have).
 */
class TlsConnectionCostTest {
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final String CLOSE_NOTIFY_NOT_SENT = "javax.net.ssl.SSLException: failure when writing TLS control frames";
    private static RunningBalancer balancer;

    @BeforeAll
    static void start() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        balancer = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:${PORT} ssl crt %s
                    http-request return status 200 content-type text/plain string ok
                backend be
                    server web1 127.0.0.1:1
                """.formatted(TestPki.shared().path("server.pem")));
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
    }

    @Test
    void aConnectionsEngineHasNoFinalizerAndIsReleasedWhenTheConnectionCloses() throws Exception {
        SSLEngine engine;
        try (SSLSocket client = TlsClient.connect(balancer.port(), "localhost")) {
            exchange(client);
            engine = serverChannel().pipeline().get(SslHandler.class).engine();
            // a finalizable engine is registered under a lock as it is made and freed only after
            // a collection and the finalizer thread: one per connection
            assertThat(declaresFinalize(engine.getClass())).as(engine.getClass().getName()).isFalse();
            assertThat(((ReferenceCounted) engine).refCnt()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ((ReferenceCounted) engine).refCnt() == 0);
    }

    @Test
    void aServerConnectionsEngineHasNoFinalizerAndIsReleasedWhenTheConnectionCloses() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (SniRecordingTlsServer server = new SniRecordingTlsServer(TestPki.shared())) {
            ServerTls tls = new ServerTls(true, "none", null, null, null, List.of(), null, false, false);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
            CompletableFuture<Future<Channel>> handshake = new CompletableFuture<>();
            Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            handshake.complete(tls.install(ch, target, null, 10_000, null));
                        }
                    })
                    .connect(target).sync().channel();
            handshake.get().sync();
            SSLEngine engine = connection.pipeline().get(SslHandler.class).engine();
            assertThat(declaresFinalize(engine.getClass())).as(engine.getClass().getName()).isFalse();
            assertThat(((ReferenceCounted) engine).refCnt()).isEqualTo(1);
            connection.close().sync();
            await().atMost(Duration.ofSeconds(10)).until(() -> ((ReferenceCounted) engine).refCnt() == 0);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aClientThatResetsTheConnectionIsSentNothingMore() throws Exception {
        AtomicInteger writtenAfterReset = new AtomicInteger();
        List<String> made = exceptionsOnTheEventLoops(() -> {
            Socket plain = new Socket("127.0.0.1", balancer.port());
            exchange(TlsClient.over(plain, "localhost"));
            Channel server = serverChannel();
            server.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    if (msg instanceof ByteBuf b) {
                        writtenAfterReset.addAndGet(b.readableBytes());
                    }
                    ctx.write(msg, promise);
                }
            });
            plain.setSoLinger(true, 0);
            plain.close(); // a reset, no close_notify from the client
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.isOpen());
        });
        assertThat(writtenAfterReset.get()).as("bytes written to the client after its reset").isZero();
        // the reset itself is an exception in netty; writing into the dead socket was a second one
        assertThat(made).noneMatch(m -> m.contains("Broken pipe"));
    }

    @Test
    void aHandshakeAndARequestWithoutClientCertificatesMakeNoException() throws Exception {
        List<String> made = exceptionsOnTheEventLoops(() -> {
            try (SSLSocket client = TlsClient.connect(balancer.port(), "localhost")) {
                exchange(client);
            }
        });
        // netty's own, at the close, are made without a stack trace (Stackless...): cheap, and its to make;
        // the leak detector's records are made for the buffers it happens to sample (1 in 128, where it
        // is on), not for the handshake
        List<String> ours = made.stream().filter(m -> !m.contains(".Stackless") && !m.contains("ResourceLeakDetector$")).toList();
        if (Transport.best().name().equals("io_uring")) {
            // The client's close_notify and its FIN come back in one batch of completions: the
            // reply close_notify, written but not yet sent, is failed by the close that the FIN
            // starts, and Netty's SslHandler makes one exception for it (docs/ARCHITECTURE-NOTES.md,
            // "io_uring for the proxies' sockets"). At most that one, and none for the handshake.
            assertThat(ours).isSubsetOf(List.of(CLOSE_NOTIFY_NOT_SENT));
        } else {
            assertThat(ours).isEmpty();
        }
    }

    /** What {@code traffic} had the event loops make as exceptions (class: message), from a JFR recording. */
    private static List<String> exceptionsOnTheEventLoops(Traffic traffic) throws Exception {
        Path jfr = Files.createTempFile("tls-exceptions", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow");
            recording.start();
            traffic.run();
            recording.stop();
            recording.dump(jfr);
        }
        List<String> made = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
            if (thread.startsWith("ganglion-loop")) {
                made.add(e.getClass("thrownClass").getName() + ": " + e.getString("message"));
            }
        }
        Files.delete(jfr);
        return made;
    }

    private interface Traffic {
        void run() throws Exception;
    }

    /** One keep-alive request and its whole answer: the server has written all it had to. */
    private static void exchange(SSLSocket client) throws IOException {
        client.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        InputStream in = client.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\nok")) {
            int c = in.read();
            assertThat(c).as("answer so far: %s", answer).isNotNegative();
            answer.append((char) c);
        }
    }

    private static Channel serverChannel() {
        await().atMost(Duration.ofSeconds(10)).until(() -> balancer.balancer().context().clientChannels().size() == 1);
        return balancer.balancer().context().clientChannels().iterator().next();
    }

    private static boolean declaresFinalize(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("finalize");
                return true;
            } catch (NoSuchMethodException e) {
                // not this class
            }
        }
        return false;
    }
}
