package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * A server connection's HTTP/1 codec: requests out, responses in, read by
 * {@link ServerResponseDecoder}. It takes the place of Netty's {@code HttpClientCodec}, which is
 * final and mends the response heads that HAProxy refuses. The encoder tells the decoder of each
 * request sent (a HEAD's response has no body). Both halves run on the connection's event loop,
 * so what they share needs no lock.
 */
final class ServerHttpCodec extends CombinedChannelDuplexHandler<ServerResponseDecoder, HttpRequestEncoder> {
    ServerHttpCodec(HttpDecoderConfig limits) {
        ServerResponseDecoder decoder = new ServerResponseDecoder(limits);
        init(decoder, new RequestNotingEncoder(decoder));
    }

    /** A request without a body, or with a small one, leaves as one buffer ({@link OneBufferMessages}). */
    private static final class RequestNotingEncoder extends HttpRequestEncoder implements OneBufferMessages.Encoder {
        private final ServerResponseDecoder decoder;
        private final OneBufferMessages oneBuffer = new OneBufferMessages(this);

        RequestNotingEncoder(ServerResponseDecoder decoder) {
            this.decoder = decoder;
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
}
