package io.ganglion.balancer.check;

import io.ganglion.balancer.config.Timeouts;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.CheckResult;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;
import io.ganglion.balancer.stats.H1Counters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The active health check of one server: every {@code inter}, a TCP connect or, with
 * {@code option httpchk}, an HTTP request whose status must match. {@code fall} consecutive
 * failures take the server DOWN, {@code rise} consecutive successes bring it back UP. A server in
 * maintenance, or whose checks are disabled, is not checked.
 *
 * <p>Threading: every step runs on the one event loop the check was given, so the counters need
 * no synchronisation; the server's state changes go through {@link Server#update}.
 */
public final class HealthCheck extends PeriodicCheck {
    private final HealthCheckSpec spec;
    /** The backend's h1 counters, which count HTTP checks as HAProxy's do (TCP checks are not HTTP/1). */
    private final H1Counters h1;
    private final SslProcessFigures ssl;

    public HealthCheck(Server server, HealthCheckSpec spec, Timeouts timeouts, EventLoop loop, Transport transport,
            H1Counters h1, SslProcessFigures ssl) {
        super(server, timeouts, loop, transport);
        this.spec = spec;
        this.h1 = h1;
        this.ssl = ssl;
    }

    @Override
    protected Duration inter() {
        return server.spec().get(CheckOptions.INTER);
    }

    @Override
    protected boolean active() {
        ServerSettings s = server.settings();
        return s.checksEnabled() && s.effectiveAdmin() != AdminState.MAINT;
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
        ServerSettings s = server.settings();
        int port = s.checkPort() > 0 ? s.checkPort() : s.address().getPort();
        InetSocketAddress target = new InetSocketAddress(s.address().getAddress(), port);
        // HAProxy 2.6: an 'ssl' server's checks go over TLS unless they have their own port ('check-ssl' forces it).
        ServerConnectionLayer layer = server.spec().get(ServerConnectionLayer.SETTING);
        new Attempt(target, layer.forChecks(s.checkPort() > 0)).connect();
    }

    /**
     * HAProxy's health counter, kept on the server ({@code check_health}): it runs from 0 to
     * {@code rise+fall-1}. A passing check raises it, and once it reaches {@code rise} it jumps to
     * the top of the range (bringing a DOWN server UP). A failing check lowers it while it is above {@code rise}; at
     * {@code rise} or below, the server goes DOWN and the counter to 0. So an UP server goes down
     * after {@code fall} failures, a DOWN one comes up after {@code rise} successes, and a server
     * that has not passed a check yet (the counter starts at {@code rise}) falls at its first failure.
     */
    private void completed(CheckResult result) {
        server.recordCheck(result);
        int rise = server.spec().get(CheckOptions.RISE);
        int top = rise + server.spec().get(CheckOptions.FALL) - 1;
        int health = server.checkHealth();
        boolean down = server.settings().health() == OperationalState.DOWN;
        if (result.passed()) {
            health = Math.min(health + 1, top);
            if (health >= rise) {
                health = top; // "OK now", as HAProxy says: one success at rise or above fills the counter
                // both checks must agree: an agent that said "down" keeps the server DOWN
                if (down && !server.agent().holdsDown()) {
                    server.checkHealth(health);
                    server.update(st -> st.withHealth(OperationalState.UP), describe(result));
                }
            }
        } else if (health > rise) {
            health--;
        } else {
            health = 0;
            if (!down) {
                server.checkHealth(health);
                server.update(st -> st.withHealth(OperationalState.DOWN), describe(result));
            }
        }
        server.checkHealth(health);
        again();
    }

    /** HAProxy's wording of a check outcome in its state-change messages. */
    static String describe(CheckResult r) {
        String reason = CheckResult.describe(r.status());
        StringBuilder b = new StringBuilder("reason: ").append(reason);
        if (r.code() > 0) {
            b.append(", code: ").append(r.code());
        }
        if (r.info() != null && !r.info().isEmpty()) {
            b.append(", info: \"").append(r.info()).append('"');
        }
        b.append(", check duration: ").append(r.duration().toMillis()).append("ms");
        return b.toString();
    }

    /** One check: connect, maybe ask over HTTP, and report exactly once. */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        private final ServerConnectionLayer layer;
        private final long startNanos = System.nanoTime();
        private final StringBuilder statusLine = new StringBuilder();
        private Channel channel;
        private ScheduledFuture<?> readTimeout;
        private boolean done;

        Attempt(InetSocketAddress target, ServerConnectionLayer layer) {
            this.target = target;
            this.layer = layer;
        }

        void connect() {
            if (spec.http()) {
                // HAProxy counts an HTTP check's connection and stream from the attempt, a refused one included.
                h1.connectionOpened();
                h1.streamOpened();
            }
            HealthCheck.this.connect(target, layer, ssl, this, this::connected, (status, info) -> finish(status, 0, info));
        }

        /** Connected, and the layer's handshake done when there is one (then a TCP check passes at layer 6). */
        private void connected() {
            if (!spec.http()) {
                finish(layer == ServerConnectionLayer.NONE ? "L4OK" : "L6OK", 0, null);
                return;
            }
            Duration readTimeoutAfter = timeouts.check() != null ? timeouts.check() : inter();
            readTimeout = loop.schedule(() -> finish("L7TOUT", 0, null), readTimeoutAfter.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            if (spec.http()) {
                // HAProxy 2.6's request, byte for byte (captured): HTTP/1.0 says nothing more, HTTP/1.1 asks for the close.
                String request = spec.method() + " " + spec.uri() + " " + spec.version() + "\r\n"
                        + (spec.version().equals("HTTP/1.1") ? "connection: close\r\n" : "") + "\r\n";
                h1.bytesOut(request.length());
                ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
            } else if (done) {
                // a TCP check is judged when the connection (and its TLS layer) is up, then closed
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (!done) {
                // what HAProxy's check has read when it decides; the rest of the response is not read
                h1.bytesIn(buf.readableBytes());
            }
            try {
                while (buf.isReadable() && !done) {
                    char c = (char) buf.readByte();
                    if (c == '\n' || statusLine.length() > 1024) {
                        judgeStatusLine();
                        return;
                    }
                    statusLine.append(c);
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done && spec.http()) {
                if (statusLine.length() > 0) {
                    judgeStatusLine();
                } else {
                    finish("L7RSP", 0, "Empty response");
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void judgeStatusLine() {
            String line = statusLine.toString().trim();
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                finish("L7RSP", 0, "Invalid response");
                return;
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                finish("L7RSP", 0, "Invalid response");
                return;
            }
            String reasonPhrase = parts.length > 2 ? parts[2] : "";
            boolean ok = spec.expectStatus() > 0 ? code == spec.expectStatus() : code >= 200 && code < 400;
            finish(ok ? "L7OK" : "L7STS", code, reasonPhrase);
        }

        private void finish(String status, int code, String info) {
            if (done) {
                return;
            }
            done = true;
            if (readTimeout != null) {
                readTimeout.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
            if (spec.http()) {
                h1.streamClosed();
                h1.connectionClosed();
            }
            completed(new CheckResult(status, code, Duration.ofNanos(System.nanoTime() - startNanos), info,
                    System.currentTimeMillis()));
        }
    }
}
