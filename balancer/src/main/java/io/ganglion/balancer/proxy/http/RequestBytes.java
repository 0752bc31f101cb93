package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.session.ErrorCaptures;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of the request a client connection is decoding, from its first byte, for the case it
 * is refused ({@code show errors}); nothing is copied unless it is.
 *
 * <p>Within one read, Netty's cumulation buffer still holds every byte of it, consumed or not,
 * so the request's start index is enough. Between two reads Netty may drop consumed bytes (it
 * compacts or replaces the buffer), so while a head is still arriving, the part of it consumed in
 * each decode call is kept as a retained slice (a reference, not a copy; a retained buffer is
 * never compacted under it). The slices are released as soon as the head is decoded: a refused
 * body shows the request from its start only when it arrived in the same read as the head, else
 * from the first byte of the read that held the error, as {@link #fromStart()} says.
 *
 * <p>Confined to the connection's event loop, like its decoder.
 */
final class RequestBytes {
    private final List<ByteBuf> earlierReads = new ArrayList<>();
    private ByteBuf buffer;
    private int start;
    private long startRead;
    private long read;
    private boolean headArriving;
    private boolean fromStart;

    /** Netty is about to hand the decoder a new read. */
    void newRead() {
        read++;
    }

    /** A request begins at {@code buffer}'s reader index. */
    void begin(ByteBuf buffer) {
        releaseEarlierReads();
        this.buffer = buffer;
        this.start = buffer.readerIndex();
        this.startRead = read;
        this.headArriving = true;
        this.fromStart = true;
    }

    /** A decode call on the request already begun. */
    void resume(ByteBuf buffer) {
        if (startRead != read || buffer != this.buffer) {
            // A later read: what was consumed before is in earlierReads (or gone, once the head was decoded).
            fromStart &= headArriving;
            this.buffer = buffer;
            this.start = buffer.readerIndex();
            this.startRead = read;
        }
    }

    /** The head has been decoded (or refused): its bytes need not be held past this read any more. */
    void headDecoded() {
        headArriving = false;
        releaseEarlierReads();
    }

    /** The end of a decode call: a head still arriving keeps what this call consumed of it. */
    void endOfCall(ByteBuf buffer) {
        if (headArriving && buffer == this.buffer && buffer.readerIndex() > start) {
            earlierReads.add(buffer.retainedSlice(start, buffer.readerIndex() - start));
            start = buffer.readerIndex();
        }
    }

    /** False when the request's first bytes were gone before it was refused (a body refused in a later read). */
    boolean fromStart() {
        return fromStart;
    }

    /** The offset, in {@link #copy}, of the byte at {@code index} of the current buffer. */
    int offsetOf(int index) {
        int held = 0;
        for (ByteBuf part : earlierReads) {
            held += part.readableBytes();
        }
        return held + Math.max(index - start, 0);
    }

    /** A copy of the request's bytes held, up to {@code end} of the current buffer, at most the capture limit. */
    byte[] copy(int end) {
        byte[] out = new byte[ErrorCaptures.CAPTURE_LIMIT];
        int n = 0;
        for (ByteBuf part : earlierReads) {
            int take = Math.min(part.readableBytes(), out.length - n);
            part.getBytes(part.readerIndex(), out, n, take);
            n += take;
        }
        int take = Math.min(Math.max(end - start, 0), out.length - n);
        buffer.getBytes(start, out, n, take);
        n += take;
        return Arrays.copyOf(out, n);
    }

    /** Lets go of every byte held: the connection is gone. */
    void release() {
        releaseEarlierReads();
        buffer = null;
    }

    private void releaseEarlierReads() {
        earlierReads.forEach(ByteBuf::release);
        earlierReads.clear();
    }
}
