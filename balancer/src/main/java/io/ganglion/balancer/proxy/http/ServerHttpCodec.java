package io.ganglion.balancer.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A server connection's HTTP/1 codec: requests out, responses in, read by
 * {@link ServerResponseDecoder}. It takes the place of Netty's {@code HttpClientCodec}, which is
 * final and mends the response heads that HAProxy refuses. The encoder notes each request's method
 * for the decoder (a HEAD's response has no body). Both halves run on the connection's event loop,
 * so the queue they share needs no lock.
 */
final class ServerHttpCodec extends CombinedChannelDuplexHandler<ServerResponseDecoder, HttpRequestEncoder> {
    ServerHttpCodec(HttpDecoderConfig limits) {
        Queue<HttpMethod> sentMethods = new ArrayDeque<>();
        init(new ServerResponseDecoder(limits, sentMethods), new MethodNotingEncoder(sentMethods));
    }

    private static final class MethodNotingEncoder extends HttpRequestEncoder {
        private final Queue<HttpMethod> sentMethods;

        MethodNotingEncoder(Queue<HttpMethod> sentMethods) {
            this.sentMethods = sentMethods;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpRequest request) {
                sentMethods.add(request.method());
            }
            super.write(ctx, msg, promise);
        }
    }
}
