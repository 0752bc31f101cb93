package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
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

    private static final class RequestNotingEncoder extends HttpRequestEncoder {
        private final ServerResponseDecoder decoder;

        RequestNotingEncoder(ServerResponseDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpRequest request) {
                decoder.requestSent(request.method());
            }
            super.write(ctx, msg, promise);
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
