package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.ParseStop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A server connection's HTTP/1 codec: requests out ({@link ServerRequestEncoder}), responses in
 * ({@link ServerResponseDecoder}). It takes the place of Netty's {@code HttpClientCodec}, which is
 * final and mends the response heads that HAProxy refuses. The encoder tells the decoder of each
 * request sent (a HEAD's response has no body). Both run on the connection's event loop, so what
 * they share needs no lock.
 *
 * <p>Two handlers side by side, not one combined handler: a read then passes the decoder alone and
 * a write the encoder alone, where Netty's {@code CombinedChannelDuplexHandler} adds a delegating
 * context, one more call on each way through, to every read and every write. They also count the
 * bytes that cross the wire (the backend's h1 counters), which a handler of its own did before.
 */
final class ServerHttpCodec {
    private ServerHttpCodec() {
    }

    /** The decoder and the encoder of one connection, in pipeline order; its wire bytes counted nowhere (tests). */
    static ChannelHandler[] handlers(HttpDecoderConfig limits) {
        return handlers(limits, n -> { }, n -> { });
    }

    /**
     * The decoder and the encoder of one connection, in pipeline order.
     *
     * @param wireBytesIn  told each read's size before it is decoded
     * @param wireBytesOut told each buffer's size as it is written
     */
    static ChannelHandler[] handlers(HttpDecoderConfig limits, IntConsumer wireBytesIn, IntConsumer wireBytesOut) {
        ServerResponseDecoder decoder = new ServerResponseDecoder(limits, wireBytesIn);
        return new ChannelHandler[] {decoder, new ServerRequestEncoder(decoder, wireBytesOut)};
    }

    /**
     * The bytes of the read being decoded on {@code serverChannel}, with where HAProxy's parser
     * would stop; empty between reads. What is captured starts at the first byte of that read: a
     * response whose head arrived over several reads shows its last read only, its position
     * counted from there.
     */
    static Optional<Capture> currentResponse(Channel serverChannel) {
        ServerResponseDecoder decoder = serverChannel == null ? null : serverChannel.pipeline().get(ServerResponseDecoder.class);
        ByteBuf b = decoder == null ? null : decoder.readBeingDecoded();
        if (b == null) {
            return Optional.empty();
        }
        int start = decoder.readStart();
        byte[] bytes = new byte[Math.min(b.writerIndex() - start, ErrorCaptures.CAPTURE_LIMIT)];
        b.getBytes(start, bytes);
        ParseStop stop = H1ErrorLocator.inResponse(bytes).orElseGet(() -> H1ErrorLocator.fallback(bytes));
        return Optional.of(new Capture(bytes, stop));
    }

    /** A refused response's bytes (a fresh copy, owned by whoever receives it) and its stop. */
    record Capture(byte[] bytes, ParseStop stop) {
    }
}
