package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The request encoder of a server connection ({@link ServerHttpCodec}): tells its decoder of each
 * request sent, writes a request without a body, or with a small one, as one buffer
 * ({@link OneBufferMessages}), a client's head read into {@link CompactHeaders} straight from them,
 * and counts the bytes it writes to the wire. Confined to the connection's event loop.
 */
final class ServerRequestEncoder extends HttpRequestEncoder implements OneBufferMessages.Encoder {
    private final ServerResponseDecoder decoder;
    private final OneBufferMessages oneBuffer;

    /** @param wireBytesOut told the size of every buffer written to the server (h1_bytes_out) */
    ServerRequestEncoder(ServerResponseDecoder decoder, IntConsumer wireBytesOut) {
        this.decoder = decoder;
        this.oneBuffer = new OneBufferMessages(this, wireBytesOut);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest request) {
            decoder.requestSent(request.method());
        }
        oneBuffer.write(ctx, msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        oneBuffer.flush(ctx);
        super.flush(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        oneBuffer.discard();
        super.handlerRemoved(ctx);
    }

    @Override
    public void nettyWrite(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        super.write(ctx, msg, promise);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        int from = out.size();
        super.encode(ctx, msg, out);
        oneBuffer.countEncoded(out, from);
    }

    @Override
    public boolean bodyAlwaysEmpty(HttpMessage head) {
        return isContentAlwaysEmpty((HttpRequest) head);
    }

    @Override
    public void encodeHead(HttpMessage head, boolean bodyAlwaysEmpty, ByteBuf out) throws Exception {
        HttpRequest request = (HttpRequest) head;
        encodeInitialLine(out, request);
        sanitizeHeadersBeforeEncode(request, bodyAlwaysEmpty);
        encodeHeaders(request.headers(), out);
        OneBufferMessages.endHead(out);
    }

    /** A client's request head, read into {@link CompactHeaders}, is written from them directly. */
    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        if (!CompactHeaders.encoded(headers, buf)) {
            super.encodeHeaders(headers, buf);
        }
    }
}
