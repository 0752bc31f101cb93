package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The response encoder of a client connection. Netty's server codec learns HEAD requests from its
 * own decoder and forgets them on an interim (1xx) response; the session knows which request each
 * response answers, so it says so here before writing the response head. A server's response
 * head, read into {@link CompactHeaders}, is written from them directly, and with a small body as
 * one buffer ({@link OneBufferMessages}). It also counts the bytes it writes to the wire, which a
 * handler of their own would cost every write a pipeline hop.
 */
final class ProxyResponseEncoder extends HttpResponseEncoder implements OneBufferMessages.Encoder {
    private final OneBufferMessages oneBuffer;
    /** Set by the session on the channel's event loop, right before it writes a response head. */
    private boolean answeringHead;

    ProxyResponseEncoder() {
        this(n -> { });
    }

    /** @param wireBytesOut told the size of every buffer written to the client (h1_bytes_out) */
    ProxyResponseEncoder(IntConsumer wireBytesOut) {
        this.oneBuffer = new OneBufferMessages(this, wireBytesOut);
    }

    void answeringHead(boolean head) {
        this.answeringHead = head;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
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
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return super.isContentAlwaysEmpty(msg) || (answeringHead && msg.status().code() >= 200);
    }

    @Override
    public boolean bodyAlwaysEmpty(HttpMessage head) {
        return isContentAlwaysEmpty((HttpResponse) head);
    }

    @Override
    public void encodeHead(HttpMessage head, boolean bodyAlwaysEmpty, ByteBuf out) throws Exception {
        HttpResponse response = (HttpResponse) head;
        encodeInitialLine(out, response);
        sanitizeHeadersBeforeEncode(response, bodyAlwaysEmpty);
        encodeHeaders(response.headers(), out);
        OneBufferMessages.endHead(out);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        if (!CompactHeaders.encoded(headers, buf)) {
            super.encodeHeaders(headers, buf);
        }
    }
}
