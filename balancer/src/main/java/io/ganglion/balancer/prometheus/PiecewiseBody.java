package io.ganglion.balancer.prometheus;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The exposition as it is written, in pieces of {@value #PIECE} bytes: the text of 10,000 servers
 * is some 37 MB, which one growing array would copy at each doubling and hold twice over at the
 * last (a 32 MB array copied into a 64 MB one, in a heap of 256 MB). The pieces are wrapped, not
 * copied, when the answer is written; heap arrays, so an answer dropped unwritten (the client
 * left) holds no pooled buffer to release.
 */
final class PiecewiseBody extends OutputStream {
    static final int PIECE = 256 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[PIECE];
    private int used;
    private long size;

    @Override
    public void write(int b) {
        if (used == PIECE) {
            next();
        }
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == PIECE) {
                next();
            }
            int n = Math.min(len, PIECE - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void next() {
        full.add(current);
        current = new byte[PIECE];
        used = 0;
    }

    long size() {
        return size;
    }

    /** The text as one buffer over the pieces (a fresh one at each call, as a response is written once). */
    ByteBuf wrapped() {
        ByteBuf[] pieces = new ByteBuf[full.size() + 1];
        for (int i = 0; i < full.size(); i++) {
            pieces[i] = Unpooled.wrappedBuffer(full.get(i));
        }
        pieces[full.size()] = Unpooled.wrappedBuffer(current, 0, used);
        return Unpooled.wrappedBuffer(pieces.length, pieces);
    }
}
