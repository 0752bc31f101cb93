package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.server.Server;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a server connection. While an exchange uses the connection, everything goes
 * to that client session; while the connection idles in the pool, a close or any unexpected byte
 * from the server removes it from the pool.
 *
 * <p>The connection, its session and its pool all belong to one event loop: {@code session} is
 * written and read only there.
 */
final class ServerSideHandler extends ChannelInboundHandlerAdapter {
    private final Server server;
    private final ServerH1Count h1;
    private ServerRelay session;

    ServerSideHandler(Server server, ServerH1Count h1) {
        this.server = server;
        this.h1 = h1;
    }

    void attach(ServerRelay session) {
        this.session = session;
        h1.exchangeStarted();
    }

    void detach() {
        this.session = null;
        h1.exchangeEnded();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ServerRelay s = session;
        if (s == null || !(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // data from an idle server connection: it is not reusable
            return;
        }
        s.serverMessage(ctx.channel(), http);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ServerRelay s = session;
        if (s != null) {
            s.serverReadComplete(ctx.channel());
        } else {
            ctx.read(); // idle in the pool: keep watching for the server closing it
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerRelay s = session;
        if (s != null && ctx.channel().isWritable()) {
            s.serverWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ServerRelay s = session;
        if (s != null) {
            s.serverClosed(ctx.channel());
        } else {
            ServerConnectionPool.current().remove(server, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ServerRelay s = session;
        if (s != null) {
            s.serverError(ctx.channel(), cause);
        }
        ctx.close();
    }
}
