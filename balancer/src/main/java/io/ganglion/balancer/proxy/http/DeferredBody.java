package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.proxy.stream.DeferredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;

/**
 * The body a {@link DeferredAnswer} waits for (the stats page's form), as the session reads it:
 * kept up to the answer's limit, the rest only noted. Confined to the session's event loop like
 * the session, so nothing here is volatile.
 */
final class DeferredBody {
    final HttpTransaction t;
    final DeferredAnswer later;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    /** Whether more came than {@link DeferredAnswer#maxBody()}. */
    boolean truncated;
    /** Whether the whole body was read and the answer asked for. */
    boolean asked;
    /** Cuts a body that stops coming, or null without a client timeout. */
    ScheduledFuture<?> cutoff;

    DeferredBody(HttpTransaction t, DeferredAnswer later) {
        this.t = t;
        this.later = later;
    }

    boolean reading() {
        return !asked;
    }

    /** Keeps what fits of {@code part} (its reader index is left as it is). */
    void keep(ByteBuf part) {
        int room = later.maxBody() - kept.size();
        int n = part.readableBytes();
        if (n > room) {
            truncated = true;
            n = Math.max(0, room);
        }
        if (n > 0) {
            byte[] bytes = new byte[n];
            part.getBytes(part.readerIndex(), bytes);
            kept.write(bytes, 0, n);
        }
    }

    byte[] body() {
        return kept.toByteArray();
    }
}
