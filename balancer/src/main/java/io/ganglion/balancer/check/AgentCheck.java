package io.ganglion.balancer.check;

import io.ganglion.balancer.config.Timeouts;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.server.AgentStatus;
import io.ganglion.balancer.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
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
public final class AgentCheck extends PeriodicCheck {
    /** HAProxy reads the agent's answer into one buffer; a longer line is cut there. */
    private static final int MAX_LINE = 16_384;

    public AgentCheck(Server server, Timeouts timeouts, EventLoop loop, Transport transport) {
        super(server, timeouts, loop, transport);
    }

    @Override
    protected Duration inter() {
        return CheckOptions.agentInter(server.spec());
    }

    @Override
    protected boolean active() {
        return server.agent().enabled();
    }

    @Override
    protected void run() {
        if (stopped()) {
            return;
        }
        if (!active()) {
            again();
            return;
        }
        AgentStatus agent = server.agent();
        InetSocketAddress serverAddress = server.settings().address();
        InetSocketAddress target = agent.addr() == null
                ? new InetSocketAddress(serverAddress.getAddress(), agent.port())
                : new InetSocketAddress(agent.addr(), agent.port());
        new Attempt(target, agent.send()).connect();
    }

    private void completed(AgentOutcome outcome) {
        if (!stopped() && server.agent().enabled()) {
            AgentReplyEffect.apply(server, outcome);
        }
        again();
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
            AgentCheck.this.connect(target, ServerConnectionLayer.NONE, null, this, () -> {
                Duration after = timeouts.check() != null ? timeouts.check() : inter();
                readTimeout = loop.schedule(() -> finish(AgentOutcome.failed("L7TOUT", "", elapsed())),
                        after.toNanos(), TimeUnit.NANOSECONDS);
            }, (status, info) -> finish(AgentOutcome.failed(status, info == null ? "" : info, elapsed())));
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
