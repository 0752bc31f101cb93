package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The write side of one HTTP/1 encoder (a client connection's responses, a server connection's
 * requests): a head and the small body that ends it leave as ONE buffer, so the socket makes one
 * {@code write(2)} of it and the pipeline below the encoder carries one message, where Netty's
 * encoder writes the head, the body's slice and, for a message without a body, an empty buffer for
 * its end (three pipeline trips and a {@code writev} per message, measured in the keep-alive
 * profile). HAProxy likewise emits a message's head and body into one output buffer.
 *
 * <p>A head written alone is held, encoded at the next write: together with the body's end when
 * that comes next and is small (the usual case: the relay writes a response head right before its
 * body, a request head right before its end), else by Netty's encoder as before. A flush or any
 * other write first lets the held head go, so bytes leave in the order written and a flush still
 * sends every byte written before it. Only heads written with a void promise are held (the relay's
 * writes); a caller waiting on a head's own write gets Netty's path.
 *
 * <p>Everything but the coalesced message is left to Netty's encoder, which keeps its framing state
 * (chunked or not, a body that must be empty) for the message it is given: while it has a message
 * under way ({@link #nettyMidMessage}), every write goes to it until that message's end.
 *
 * <p>One per encoder, on its channel's event loop: no field is shared.
 */
final class OneBufferMessages {
    /** A body this long or shorter is copied beside its head; a longer one is written as its own buffer, uncopied. */
    static final int MAX_COPIED_BODY = 4096;

    /** The encoder's own parts: Netty's write path, and its head encoding for one buffer. */
    interface Encoder {
        /** Netty's encoder's {@code write}: framing state and all. */
        void nettyWrite(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception;

        /** Whether {@code head}'s body must be empty whatever it says (a HEAD's response, a 1xx, 204, 304). */
        boolean bodyAlwaysEmpty(HttpMessage head);

        /** Writes {@code head} as Netty's encoder does: start line, headers as sanitized for {@code bodyAlwaysEmpty}, CRLF. */
        void encodeHead(HttpMessage head, boolean bodyAlwaysEmpty, ByteBuf out) throws Exception;
    }

    private static final short CRLF = ('\r' << 8) | '\n';

    private final Encoder encoder;
    /**
     * Told the size of every buffer the encoder writes to the wire: counted here, by the encoder,
     * rather than by a handler of its own, which cost every write a pipeline hop.
     */
    private final IntConsumer wireBytesOut;
    /** A head written alone, waiting to know whether its body's end comes next; null when none. */
    private HttpMessage heldHead;
    private ChannelPromise heldPromise;
    /** Netty's encoder was given a head whose end it has not been given yet. */
    private boolean nettyMidMessage;
    /** The last head's length: the next buffer's size, so that it rarely grows. */
    private int lastHeadBytes = 256;

    OneBufferMessages(Encoder encoder, IntConsumer wireBytesOut) {
        this.encoder = encoder;
        this.wireBytesOut = wireBytesOut;
    }

    void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (nettyMidMessage) {
            passToNetty(ctx, msg, promise);
            return;
        }
        if (heldHead != null) {
            if (msg instanceof LastHttpContent end && !(msg instanceof HttpMessage) && fitsOneBuffer(heldHead, end)) {
                HttpMessage head = heldHead;
                heldHead = null;
                heldPromise = null; // void: only the end's promise can have a listener
                writeOneBuffer(ctx, head, end, promise);
                return;
            }
            releaseHeld(ctx);
            if (nettyMidMessage) {
                passToNetty(ctx, msg, promise);
                return;
            }
        }
        if (msg instanceof HttpMessage head) {
            if (msg instanceof LastHttpContent whole && fitsOneBuffer(head, whole)) {
                writeOneBuffer(ctx, head, whole, promise);
                return;
            }
            if (!(msg instanceof HttpContent) && promise.isVoid()) {
                heldHead = head;
                heldPromise = promise;
                return;
            }
        }
        passToNetty(ctx, msg, promise);
    }

    /** The empty line that ends a head. */
    static void endHead(ByteBuf out) {
        out.writeShort(CRLF);
    }

    /** Before a flush: the held head goes out with everything written before it. */
    void flush(ChannelHandlerContext ctx) throws Exception {
        if (heldHead != null) {
            releaseHeld(ctx);
        }
    }

    /** The channel is gone: nothing held is written. */
    void discard() {
        heldHead = null;
        heldPromise = null;
    }

    private void releaseHeld(ChannelHandlerContext ctx) throws Exception {
        HttpMessage head = heldHead;
        ChannelPromise headPromise = heldPromise;
        heldHead = null;
        heldPromise = null;
        passToNetty(ctx, head, headPromise);
    }

    private void passToNetty(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpMessage) {
            nettyMidMessage = true;
        }
        if (msg instanceof LastHttpContent) {
            nettyMidMessage = false;
        }
        encoder.nettyWrite(ctx, msg, promise);
    }

    /**
     * Counts every buffer Netty's encoder added to {@code out} from {@code from} (its {@code encode}'s
     * output): what it writes to the wire for one message.
     */
    void countEncoded(List<Object> out, int from) {
        for (int i = from; i < out.size(); i++) {
            if (out.get(i) instanceof ByteBuf buf) {
                wireBytesOut.accept(buf.readableBytes());
            }
        }
    }

    /**
     * A body given whole with Content-Length framing (or none), small, with no trailers to send:
     * chunked bodies and their trailers stay with Netty's encoder.
     */
    private static boolean fitsOneBuffer(HttpMessage head, LastHttpContent end) {
        return end.decoderResult().isSuccess() && end.content().readableBytes() <= MAX_COPIED_BODY
                && !HttpUtil.isTransferEncodingChunked(head);
    }

    private void writeOneBuffer(ChannelHandlerContext ctx, HttpMessage head, LastHttpContent end, ChannelPromise promise)
            throws Exception {
        try {
            boolean alwaysEmpty = encoder.bodyAlwaysEmpty(head);
            ByteBuf body = end.content();
            int bodyBytes = alwaysEmpty ? 0 : body.readableBytes();
            ByteBuf out = ctx.alloc().buffer(lastHeadBytes + bodyBytes);
            try {
                encoder.encodeHead(head, alwaysEmpty, out);
                lastHeadBytes = out.readableBytes();
                // Read into out, not written from body: Netty 4.2's write of a buffer into a pooled
                // direct one makes a java.nio slice per call (128 B of heap, measured); this copies
                // between the two addresses.
                out.ensureWritable(bodyBytes); // a head longer than the last one grew out
                body.getBytes(body.readerIndex(), out, out.writerIndex(), bodyBytes);
                out.writerIndex(out.writerIndex() + bodyBytes);
            } catch (Exception | Error e) {
                out.release();
                throw e;
            }
            wireBytesOut.accept(out.readableBytes());
            ctx.write(out, promise);
        } finally {
            ReferenceCountUtil.release(end);
        }
    }
}
