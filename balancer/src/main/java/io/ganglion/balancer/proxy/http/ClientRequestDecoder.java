package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.proxy.LoopClock;
import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.ParseStop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The request decoder of a client connection: Netty's, held to HAProxy 2.6's rules where Netty is
 * more lenient, so that what HAProxy refuses never reaches a server:
 * <ul>
 * <li>only empty lines may come before a request line (Netty skips any control byte or space);</li>
 * <li>the method is a token (RFC 9110 5.6.2);</li>
 * <li>the version is {@code HTTP/} digit {@code .} digit, in capitals; a version above 1.1 is
 * forwarded as {@code HTTP/1.1}, as HAProxy does;</li>
 * <li>the target has no control byte, no space and no byte above 0x7F (DEL is allowed), as with
 * HAProxy 2.6;</li>
 * <li>the HTTP/2 connection preface ({@code PRI * HTTP/2.0}) is refused: HTTP/2 to clients is not
 * implemented, and a server must never see it as a request.</li>
 * </ul>
 * A refused request comes out as a request whose decoder result is a failure (a 400), and nothing
 * after it on the connection is decoded. A failed body part ({@code decoderResult().isFailure()}
 * on an {@code HttpContent}, e.g. an invalid chunk size) is Netty's own; the session refuses it.
 *
 * <p>It sees every request's first bytes, so it keeps those of a refused request for
 * {@code show errors} ({@link RefusedRequests}): a copy is made only when a request is refused. A
 * valid request costs a reference: while its head arrives over several reads, the earlier reads'
 * bytes are held as retained slices of Netty's buffer (released once the head is decoded), since
 * Netty may drop bytes it has consumed between two reads. It also tells a graceful stop whether a
 * request has begun to arrive ({@link #requestBegun()}): bytes too few to decode are kept here,
 * unseen by the session.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {
    private static final String HTTP2_PREFACE_METHOD = "PRI";

    /** True between two requests: the next byte that is not CR or LF starts a request line. */
    private boolean betweenRequests = true;
    /** When the current (or last) request's first byte was read: the end of HAProxy's idle time ({@code %Ti}). */
    private long requestBegunNanos;
    /** When the bytes being decoded were read: taken before decoding, which is not what a client waits on. */
    private long readNanos;
    /** A request was refused here: the rest of the connection is not HTTP to us. */
    private boolean refused;
    private final RefusedRequests refusals;
    /** Told the size of every buffer read, before decoding: the wire's bytes (h1_bytes_in, a request begun). */
    private final IntConsumer wireBytesIn;
    /** The bytes of the current request received in this read, from its first one or from the read's start. */
    private final RequestBytes requestBytes = new RequestBytes();
    /** The longest head taken without Netty's decoder: one its length limits never refuse. */
    private final int maxPlainHead;
    /** This decoder's word making, for heads read without Netty's state machine. */
    private final PlainHead.Words words = new PlainHead.Words(this::splitFirstWordInitialLine,
            this::splitSecondWordInitialLine, this::splitThirdWordInitialLine, this::createMessage, this::splitHeaderName);

    /** Where a refused request's bytes go ({@code show errors}). */
    @FunctionalInterface
    interface RefusedRequests {
        /**
         * @param bytes the request from its first byte (or from the first byte still held), at most
         *              {@link ErrorCaptures#CAPTURE_LIMIT}
         * @param stop  where HAProxy's parser would refuse it
         */
        void refused(byte[] bytes, ParseStop stop);
    }

    ClientRequestDecoder(HttpDecoderConfig config) {
        this(config, (bytes, stop) -> { });
    }

    ClientRequestDecoder(HttpDecoderConfig config, RefusedRequests refusals) {
        this(config, refusals, n -> { });
    }

    /**
     * @param wireBytesIn told each read's size before it is decoded: counting here instead of in a
     *                    handler of its own spares every read a pipeline hop
     */
    ClientRequestDecoder(HttpDecoderConfig config, RefusedRequests refusals, IntConsumer wireBytesIn) {
        super(config);
        this.refusals = refusals;
        this.wireBytesIn = wireBytesIn;
        this.maxPlainHead = Math.min(config.getMaxInitialLineLength(), config.getMaxHeaderSize());
    }

    /**
     * True from the first byte of a request line until the request's end has been decoded, even a
     * piece of a line too short to decode: a graceful stop closes a connection between requests only.
     */
    boolean requestBegun() {
        return !betweenRequests;
    }

    /** When the first byte of the request being read, or of the last one read, came (System.nanoTime). */
    long requestBegunNanos() {
        return requestBegunNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            wireBytesIn.accept(buf.readableBytes());
        }
        readNanos = LoopClock.nanoTime();
        requestBytes.newRead();
        super.channelRead(ctx, msg);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        requestBytes.release();
        super.handlerRemoved0(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        // What Netty skips on a failure is still in the buffer until this call returns.
        int end = buffer.writerIndex();
        if (betweenRequests) {
            while (buffer.isReadable() && isLineEnd(buffer.getByte(buffer.readerIndex()))) {
                buffer.skipBytes(1);
            }
            if (!buffer.isReadable()) {
                return;
            }
            requestBegunNanos = readNanos;
            requestBytes.begin(buffer);
            if (!isTokenStart(buffer.getByte(buffer.readerIndex()))) {
                refuse(out, new IllegalArgumentException("a request line starts with a control byte or a space"));
                capture(end, buffer.readerIndex(), false);
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            if (decodedPlainRequest(buffer, out)) {
                requestBytes.headDecoded();
                return; // a whole request: the next byte starts another
            }
            betweenRequests = false;
        } else {
            requestBytes.resume(buffer);
        }
        // Netty ends a decode call at the end of a chunk's line or data: a chunk size line that
        // fails begins where the call began.
        int callStart = buffer.readerIndex();
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpMessage m) {
                refused |= m.decoderResult().isFailure();
                if (m.decoderResult().isFailure()) {
                    capture(end, callStart, m.decoderResult().cause() instanceof TooLongFrameException);
                } else if (m instanceof HttpRequest r && TransferCodings.refusal(r.headers()) != TransferCodings.ACCEPTABLE) {
                    capture(end, callStart, false); // refused by the session, for its Transfer-Encoding
                }
                requestBytes.headDecoded();
            } else if (o instanceof HttpContent c && c.decoderResult().isFailure()) {
                capture(end, callStart, false);
            }
            if (o instanceof LastHttpContent) {
                betweenRequests = true;
            }
        }
        requestBytes.endOfCall(buffer);
    }

    /**
     * A request without a body whose head is whole in {@code buffer} and in its plainest form
     * ({@link PlainHead}) is made into the same two messages as Netty's decoder makes, from
     * one pass over one copy of its bytes; false, with nothing consumed, for any other, which Netty's
     * decoder takes from its first byte. Netty's decoder is between messages (its state is the
     * start of a request) both before and after, so the two never share a request.
     */
    private boolean decodedPlainRequest(ByteBuf buffer, List<Object> out) {
        PlainHead head = PlainHead.ofThisLoop();
        if (!head.readRequest(buffer, maxPlainHead)) {
            return false;
        }
        HttpMessage request;
        try {
            request = head.message(words);
        } catch (Exception refusedByNetty) {
            return false; // Netty's decoder refuses it the usual way, with the usual answer
        }
        buffer.skipBytes(head.length());
        out.add(request);
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        return true;
    }

    /**
     * Hands the refused request's bytes, and where HAProxy would have refused it, to {@code show errors}.
     *
     * @param end       the end of the bytes received
     * @param callStart where the decode call that refused it began
     * @param tooLong   refused for its length
     */
    private void capture(int end, int callStart, boolean tooLong) {
        byte[] bytes = requestBytes.copy(end);
        ParseStop stop;
        if (!requestBytes.fromStart()) {
            // A part of a body alone, refused for a chunk size line: the line the call began with.
            stop = new ParseStop(requestBytes.offsetOf(callStart), "MSG_CHUNK_SIZE", 26);
        } else if (tooLong) {
            stop = H1ErrorLocator.tooLong(bytes);
        } else {
            stop = H1ErrorLocator.inRequest(bytes).orElseGet(() -> H1ErrorLocator.fallback(bytes));
        }
        refusals.refused(bytes, stop);
    }

    /** The usual words of a head are shared, not copied for every request ({@link KnownTokens}); the others as Netty copies them. */
    @Override
    protected String splitFirstWordInitialLine(byte[] line, int start, int length) {
        String known = KnownTokens.method(line, start, length);
        return known != null ? known : super.splitFirstWordInitialLine(line, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] line, int start, int length) {
        String known = KnownTokens.version(line, start, length);
        return known != null ? known : super.splitThirdWordInitialLine(line, start, length);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
        AsciiString known = KnownTokens.headerName(line, start, length);
        return known != null ? known : super.splitHeaderName(line, start, length);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        String method = initialLine[0];
        String target = initialLine[1];
        String version = initialLine[2];
        if (version.length() != 8 || !version.startsWith("HTTP/") || !isDigit(version.charAt(5))
                || version.charAt(6) != '.' || !isDigit(version.charAt(7))) {
            throw new IllegalArgumentException("invalid HTTP version: " + version);
        }
        for (int i = 0; i < method.length(); i++) {
            if (!isTokenChar(method.charAt(i))) {
                throw new IllegalArgumentException("invalid method: " + method);
            }
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c > 0x7f) {
                throw new IllegalArgumentException("a control byte or a byte above 0x7F in the target");
            }
        }
        int major = version.charAt(5) - '0';
        int minor = version.charAt(7) - '0';
        if (major >= 2 && method.equals(HTTP2_PREFACE_METHOD) && target.equals("*")) {
            throw new IllegalArgumentException("HTTP/2 connection preface on an HTTP/1 port");
        }
        HttpVersion v = major > 1 || major == 1 && minor > 1 ? HttpVersion.HTTP_1_1 : HttpVersion.valueOf(version);
        return new DefaultHttpRequest(v, HttpMethod.valueOf(method), target, headersFactory);
    }

    private void refuse(List<Object> out, Exception cause) {
        refused = true;
        DefaultHttpRequest invalid = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request", headersFactory);
        invalid.setDecoderResult(DecoderResult.failure(cause));
        out.add(invalid);
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    /** The first byte of a method: a visible character (a token's, checked with the method itself). */
    private static boolean isTokenStart(byte b) {
        return b > ' ' && b != 0x7f;
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
