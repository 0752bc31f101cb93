package io.ganglion.bench.backend;

import io.ganglion.balancer.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The backends of one harness run, in the harness's own process, on loopback ephemeral ports:
 * three HTTP servers (a backend of three, as in the reference set-up), a stream source for
 * {@code mode tcp} throughput and a connection sink for idle connections. Every balancer and the
 * direct run talk to these same servers.
 *
 * <p>Why not nginx: it is not installed on every machine the harness runs on, and the harness
 * installs nothing; these servers start with the harness, cost the same for every column, and
 * answer in a few microseconds of CPU.
 */
public final class Backends implements AutoCloseable {
    public static final int HTTP_SERVERS = 3;

    private final Transport transport = Transport.epollOrNio();
    private final EventLoopGroup loops;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final ConnectionSink sink = new ConnectionSink();
    private final int sourcePort;
    private final int sinkPort;

    private Backends(int threads) {
        loops = transport.newEventLoopGroup(threads, "bench-backend");
        try {
            HttpBackend http = new HttpBackend();
            for (int i = 0; i < HTTP_SERVERS; i++) {
                httpPorts.add(bind(http));
            }
            sourcePort = bind(initializer(new StreamSource()));
            sinkPort = bind(initializer(sink));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every backend; {@code threads} event loops serve them all. */
    public static Backends start(int threads) {
        return new Backends(threads);
    }

    private static ChannelInitializer<SocketChannel> initializer(ChannelHandler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(handler);
            }
        };
    }

    private int bind(ChannelHandler childHandler) {
        Channel channel = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .childHandler(childHandler)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
        listeners.add(channel);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Starts {@code count} more HTTP backends (answering as the others do), each observed on its
     * own; they stop with the rest.
     */
    public List<ObservedServer> startObserved(int count) {
        List<ObservedServer> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObservedServer server = new ObservedServer();
            server.bound(bind(new HttpBackend(server::arrived)));
            servers.add(server);
        }
        return servers;
    }

    public List<Integer> httpPorts() {
        return List.copyOf(httpPorts);
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int sinkPort() {
        return sinkPort;
    }

    /** Connections the sink holds open now (the balancer's server side of idle connections). */
    public int sinkConnections() {
        return sink.openConnections();
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        loops.shutdownGracefully(0, Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
