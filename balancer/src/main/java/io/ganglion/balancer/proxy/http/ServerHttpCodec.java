package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.ParseStop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A server connection's HTTP/1 codec: requests out, responses in, read by
 * {@link ServerResponseDecoder}. It takes the place of Netty's {@code HttpClientCodec}, which is
 * final and mends the response heads that HAProxy refuses. The encoder tells the decoder of each
 * request sent (a HEAD's response has no body). Both halves run on the connection's event loop,
 * so what they share needs no lock.
 *
 * <p>It is where each buffer crosses the wire, so it also counts the bytes read and written (the
 * backend's h1 counters), and holds the bytes of the read being decoded, so that a response the
 * decoder refuses can be captured for {@code show errors} as the server sent it
 * ({@link #currentResponse}). Those were a handler of their own in front of the codec, which cost
 * every read and every write of a server connection one more pipeline hop. The read's buffer is
 * retained while it is decoded (a reference count, no copy), and copied only when a response is
 * refused: what is captured starts at the first byte of that read, so a response whose head
 * arrived over several reads shows its last read only, its position counted from there.
 */
final class ServerHttpCodec extends CombinedChannelDuplexHandler<ServerResponseDecoder, HttpRequestEncoder> {
    private final IntConsumer wireBytesIn;
    /** The read being decoded, retained until its decoding returns; null between reads. */
    private ByteBuf read;
    private int readStart;

    /** A codec whose wire bytes are counted nowhere (tests). */
    ServerHttpCodec(HttpDecoderConfig limits) {
        this(limits, n -> { }, n -> { });
    }

    /**
     * @param wireBytesIn  told each read's size before it is decoded
     * @param wireBytesOut told each buffer's size as it is written
     */
    ServerHttpCodec(HttpDecoderConfig limits, IntConsumer wireBytesIn, IntConsumer wireBytesOut) {
        this.wireBytesIn = wireBytesIn;
        ServerResponseDecoder decoder = new ServerResponseDecoder(limits);
        init(decoder, new RequestNotingEncoder(decoder, wireBytesOut));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf buf)) {
            super.channelRead(ctx, msg);
            return;
        }
        wireBytesIn.accept(buf.readableBytes());
        read = buf.retain();
        readStart = buf.readerIndex();
        try {
            super.channelRead(ctx, msg);
        } finally {
            read = null;
            buf.release();
        }
    }

    /** The bytes of the read being decoded on {@code serverChannel}, with where HAProxy's parser would stop; empty between reads. */
    static Optional<Capture> currentResponse(Channel serverChannel) {
        ServerHttpCodec codec = serverChannel == null ? null : serverChannel.pipeline().get(ServerHttpCodec.class);
        if (codec == null || codec.read == null) {
            return Optional.empty();
        }
        ByteBuf b = codec.read;
        byte[] bytes = new byte[Math.min(b.writerIndex() - codec.readStart, ErrorCaptures.CAPTURE_LIMIT)];
        b.getBytes(codec.readStart, bytes);
        ParseStop stop = H1ErrorLocator.inResponse(bytes).orElseGet(() -> H1ErrorLocator.fallback(bytes));
        return Optional.of(new Capture(bytes, stop));
    }

    /** A refused response's bytes (a fresh copy, owned by whoever receives it) and its stop. */
    record Capture(byte[] bytes, ParseStop stop) {
    }

    /** A request without a body, or with a small one, leaves as one buffer ({@link OneBufferMessages}). */
    private static final class RequestNotingEncoder extends HttpRequestEncoder implements OneBufferMessages.Encoder {
        private final ServerResponseDecoder decoder;
        private final OneBufferMessages oneBuffer;

        RequestNotingEncoder(ServerResponseDecoder decoder, IntConsumer wireBytesOut) {
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
}
