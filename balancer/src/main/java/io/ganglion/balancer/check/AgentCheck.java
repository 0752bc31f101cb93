package io.ganglion.balancer.check;

import io.ganglion.balancer.config.Timeouts;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.server.AgentStatus;
import io.ganglion.balancer.server.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The agent check of one server ({@code agent-check}): every {@code agent-inter} (else
 * {@code inter}), connect to the agent, send {@code agent-send} if set, read one line and hand it
 * to {@link AgentReplyEffect}. Unlike the health check it also runs while the server is in
 * maintenance, so that an agent which said {@code maint} can say {@code ready} again (as HAProxy).
 *
 * <p>Threading: every step runs on the one event loop the check was given.
 */
public final class AgentCheck {
    /** HAProxy reads the agent's answer into one buffer; a longer line is cut there. */
    private static final int MAX_LINE = 16_384;

    private final Server server;
    private final Timeouts timeouts;
    private final EventLoop loop;
    private final Transport transport;
    private ScheduledFuture<?> next;
    private boolean stopped;

    public AgentCheck(Server server, Timeouts timeouts, EventLoop loop, Transport transport) {
        this.server = server;
        this.timeouts = timeouts;
        this.loop = loop;
        this.transport = transport;
    }

    public void start(Duration delay) {
        loop.execute(() -> schedule(delay.toNanos()));
    }

    public void stop() {
        loop.execute(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
        });
    }

    private Duration inter() {
        return server.spec().agentInter();
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            next = loop.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        AgentStatus agent = server.agent();
        if (stopped) {
            return;
        }
        if (!agent.enabled()) {
            schedule(inter().toNanos());
            return;
        }
        InetSocketAddress serverAddress = server.settings().address();
        InetSocketAddress target = agent.addr() == null
                ? new InetSocketAddress(serverAddress.getAddress(), agent.port())
                : new InetSocketAddress(agent.addr(), agent.port());
        new Attempt(target, agent.send()).connect();
    }

    private void completed(AgentOutcome outcome) {
        if (!stopped && server.agent().enabled()) {
            AgentReplyEffect.apply(server, outcome);
        }
        schedule(inter().toNanos());
    }

    /** One exchange with the agent, reporting exactly once. */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        private final String send;
        private final long startNanos = System.nanoTime();
        private final StringBuilder line = new StringBuilder();
        private ChannelHandlerContext context;
        private ScheduledFuture<?> readTimeout;
        private boolean done;

        Attempt(InetSocketAddress target, String send) {
            this.target = target;
            this.send = send;
        }

        void connect() {
            Duration connectTimeout = timeouts.connect() != null && timeouts.connect().compareTo(inter()) < 0
                    ? timeouts.connect() : inter();
            new Bootstrap().group(loop).channel(transport.clientChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                    .handler(this)
                    .connect(target)
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            Duration after = timeouts.check() != null ? timeouts.check() : inter();
                            readTimeout = loop.schedule(() -> finish(AgentOutcome.failed("L7TOUT", "", elapsed())),
                                    after.toNanos(), TimeUnit.NANOSECONDS);
                        } else {
                            Throwable c = f.cause();
                            boolean refused = c instanceof ConnectException && c.getMessage() != null
                                    && c.getMessage().contains("refused");
                            finish(c instanceof ConnectTimeoutException ? AgentOutcome.failed("L4TOUT", "", elapsed())
                                    : AgentOutcome.failed("L4CON", refused ? "Connection refused" : "", elapsed()));
                        }
                    });
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            context = ctx;
            if (send != null && !send.isEmpty()) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(send, StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                while (buf.isReadable() && !done) {
                    char c = (char) (buf.readByte() & 0xff);
                    if (c == '\n' || c == '\r') {
                        finish(AgentOutcome.replied(line.toString(), elapsed()));
                        return;
                    }
                    if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
            } finally {
                buf.release();
            }
        }

        /** The agent closed before ending its line: HAProxy ignores such a reply. */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(AgentOutcome.incomplete(elapsed()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void finish(AgentOutcome outcome) {
            if (done) {
                return;
            }
            done = true;
            if (readTimeout != null) {
                readTimeout.cancel(false);
            }
            if (context != null) {
                context.close();
            }
            completed(outcome);
        }
    }
}
