package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.IntConsumer;

/**
 * Reads a server's responses, and refuses what HAProxy 2.6.12 refuses where Netty's response
 * parser would mend it and forward it (each rule measured live, see {@code FramingCases}):
 * <ul>
 * <li>a byte other than CR or LF before the status line (Netty skips spaces and controls);</li>
 * <li>a version that is not {@code HTTP/d.d}, a status that is not made of digits;</li>
 * <li>a header or trailer name that is empty or holds a byte that is not a token character, and a
 * space or a tab before the colon or in place of it (Netty cuts the name there and mends the line);</li>
 * <li>a {@code Transfer-Encoding} other than a single {@code chunked} (in any case).</li>
 * </ul>
 * And where HAProxy accepts a version above HTTP/1.1 ({@code HTTP/1.2}, {@code HTTP/2.0}) on an
 * HTTP/1 connection, it answers the client in HTTP/1.1: so does this.
 * A refused response comes out as Netty's invalid message (a failed {@link DecoderResult}), so the
 * session answers 502, closes the server connection and captures it for {@code show errors} as it
 * does for every response Netty itself refuses. The checks read the bytes Netty has already split
 * out (the name's bytes before Netty copies them): a valid response costs a scan of its names. The
 * usual words of a head are not copied at all ({@link KnownTokens}).
 *
 * <p>It also plays the part of Netty's {@code HttpClientCodec} decoder, which cannot be extended:
 * the response to a HEAD, or a 2xx to CONNECT, has no body. And it is where a server's bytes come
 * in: it counts them, and holds the read being decoded (retained, a reference count, no copy) so
 * that a response it refuses can be captured for {@code show errors} as the server sent it
 * ({@link ServerHttpCodec#currentResponse}). Confined to the connection's event loop.
 */
final class ServerResponseDecoder extends HttpResponseDecoder {
    /** The methods of the requests sent, oldest first: what each response answers. */
    private final Queue<HttpMethod> sentMethods = new ArrayDeque<>();
    /**
     * No byte of the next response has been read yet: set when a request goes out or an interim
     * response has been read (the balancer sends one request at a time on a server connection).
     * Known from there rather than from the decoded messages, which would cost a type check of
     * every one.
     */
    private boolean beforeResponse;
    /** A response was refused here: what follows on this connection is not read. */
    private boolean refused;
    /** Netty's decoder has no response under way: the next byte it would read starts one. */
    private boolean betweenResponses = true;
    /** The longest head taken without Netty's decoder: one its length limits never refuse. */
    private final int maxPlainHead;
    /** The longest body taken with it: Netty's decoder hands a longer one over in several parts. */
    private final int maxPlainBody;
    /** Told each read's size before it is decoded (the backend's h1_bytes_in). */
    private final IntConsumer wireBytesIn;
    /** The read being decoded, retained until its decoding returns; null between reads. */
    private ByteBuf read;
    private int readStart;
    /** This decoder's word making, for heads read without Netty's state machine. */
    private final PlainHead.Words words = new PlainHead.Words(this::splitFirstWordInitialLine,
            this::splitSecondWordInitialLine, this::splitThirdWordInitialLine, this::createMessage, this::splitHeaderName);

    /** A decoder whose wire bytes are counted nowhere (tests). */
    ServerResponseDecoder(HttpDecoderConfig limits) {
        this(limits, n -> { });
    }

    ServerResponseDecoder(HttpDecoderConfig limits, IntConsumer wireBytesIn) {
        super(limits);
        this.wireBytesIn = wireBytesIn;
        this.maxPlainHead = Math.min(limits.getMaxInitialLineLength(), limits.getMaxHeaderSize());
        this.maxPlainBody = limits.getMaxChunkSize();
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

    /** The read being decoded now (not to be released by the caller), or null between reads. */
    ByteBuf readBeingDecoded() {
        return read;
    }

    /** Where the read being decoded began. */
    int readStart() {
        return readStart;
    }

    /** A request is being sent on this connection (by {@link ServerRequestEncoder}): its response comes next. */
    void requestSent(HttpMethod method) {
        sentMethods.add(method);
        beforeResponse = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (beforeResponse && !leadingBytesAccepted(buffer)) {
            refuse(buffer, out, "a byte other than CR or LF before the status line");
            return;
        }
        if (betweenResponses && decodedPlainResponse(buffer, out)) {
            return;
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        // Between two responses again only once Netty's decoder has ended the one it began.
        betweenResponses = out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent;
    }

    /**
     * A response whose head, in its plainest form ({@link PlainHead}), and whole body are in
     * {@code buffer} is made into the same messages as Netty's decoder makes (the head, then the
     * body as a {@link LastHttpContent} of a slice of the buffer), from one pass over one copy of
     * the head; false, with nothing consumed, for any other, which Netty's decoder takes from its
     * first byte. Everything that could make it fall back is known before
     * {@link #isContentAlwaysEmpty} is asked, since asking takes the request's method off the queue.
     */
    private boolean decodedPlainResponse(ByteBuf buffer, List<Object> out) {
        int received = buffer.readerIndex();
        int start = received;
        while (start < buffer.writerIndex() && isLineEnd(buffer.getByte(start))) {
            start++; // empty lines before a status line, which Netty's decoder skips
        }
        PlainHead head = PlainHead.ofThisLoop();
        buffer.readerIndex(start);
        long length;
        HttpMessage response = null;
        if (head.readResponse(buffer, maxPlainHead)) {
            length = head.contentLength();
            int status = head.statusCode();
            // Without a Content-Length only a 204 or a 304 has a known end (no body) here.
            boolean bodiless = length < 0 ? status == 204 || status == 304 : length == 0;
            if (bodiless || length > 0 && length <= maxPlainBody && buffer.readableBytes() - head.length() >= length) {
                try {
                    response = head.message(words);
                } catch (Exception refusedByNetty) {
                    response = null; // Netty's decoder refuses it the usual way
                }
            }
        } else {
            length = -1;
        }
        if (response == null) {
            buffer.readerIndex(received);
            return false;
        }
        buffer.skipBytes(head.length());
        out.add(response);
        if (isContentAlwaysEmpty(response) || length <= 0) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            out.add(new DefaultLastHttpContent(buffer.readRetainedSlice((int) length), trailersFactory));
        }
        return true;
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    /**
     * HAProxy skips empty lines before a status line, and refuses any other byte that cannot begin
     * one; false when such a byte comes first. Reads without consuming: Netty skips them again.
     */
    private boolean leadingBytesAccepted(ByteBuf buffer) {
        for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
            byte c = buffer.getByte(i);
            if (c != '\r' && c != '\n') {
                beforeResponse = false; // checked once per response, not on every read of its head
                return PlainHead.isToken(c);
            }
        }
        return true;
    }

    private void refuse(ByteBuf buffer, List<Object> out, String why) {
        buffer.skipBytes(buffer.readableBytes());
        HttpMessage invalid = createInvalidMessage();
        invalid.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(why)));
        out.add(invalid);
        refused = true;
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] line, int start, int length) {
        if (length != 8 || line[start] != 'H' || line[start + 1] != 'T' || line[start + 2] != 'T' || line[start + 3] != 'P'
                || line[start + 4] != '/' || !isDigit(line[start + 5]) || line[start + 6] != '.' || !isDigit(line[start + 7])) {
            throw new IllegalArgumentException("the version is not HTTP/d.d");
        }
        if (line[start + 5] > '1' || line[start + 5] == '1' && line[start + 7] > '1') {
            return "HTTP/1.1"; // a later version on an HTTP/1 connection (HTTP/1.2, HTTP/2.0) is read as 1.1, as HAProxy does
        }
        String known = KnownTokens.version(line, start, length);
        return known != null ? known : super.splitFirstWordInitialLine(line, start, length);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] line, int start, int length) {
        // Any number of digits, as HAProxy reads it (it forwards 20 or 2000); Netty's parseInt also takes a sign.
        for (int i = start; i < start + length; i++) {
            if (!isDigit(line[i])) {
                throw new IllegalArgumentException("the status is not made of digits");
            }
        }
        String known = KnownTokens.statusCode(line, start, length);
        return known != null ? known : super.splitSecondWordInitialLine(line, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] line, int start, int length) {
        String known = KnownTokens.reason(line, start, length);
        return known != null ? known : super.splitThirdWordInitialLine(line, start, length);
    }

    /**
     * Netty ends a response's header name at a space or a tab, and so reads {@code Bad Header} or
     * {@code X-A : b} as a field; HAProxy refuses a name that is not a token directly followed by
     * its colon. {@code line[start + length]} is where Netty stopped: the colon, or that space.
     */
    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
        if (length == 0 || line[start + length] != ':') {
            throw new IllegalArgumentException("a header name without its colon");
        }
        for (int i = start; i < start + length; i++) {
            if (!PlainHead.isToken(line[i])) {
                throw new IllegalArgumentException("a header name with a byte that is not a token character");
            }
        }
        AsciiString known = KnownTokens.headerName(line, start, length);
        return known != null ? known : super.splitHeaderName(line, start, length);
    }

    /** Called by Netty once a response's head is read, with or without a body to come: the last check of the head, then the body question. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (TransferCodings.refusal(msg.headers()) != TransferCodings.ACCEPTABLE) {
            // HAProxy reads a response's body as chunked or refuses it: no other coding, no repeat.
            throw new IllegalArgumentException("a Transfer-Encoding other than chunked");
        }
        HttpResponse response = (HttpResponse) msg;
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            beforeResponse = true; // an interim response, without a body: the final one comes next
            return super.isContentAlwaysEmpty(msg);
        }
        HttpMethod method = sentMethods.poll();
        if (HttpMethod.HEAD.equals(method)
                || HttpMethod.CONNECT.equals(method) && response.status().codeClass() == HttpStatusClass.SUCCESS) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
