package io.ganglion.balancer.runtime;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * A long answer on its way to the client: its {@link AnswerDump}, then what ends the answer (the
 * blank line, the prompt). Holds one piece at a time, never the whole answer.
 *
 * <p>Confined to the session's event loop, like the session that owns it.
 */
final class AnswerInPieces {
    /**
     * Room for a typical piece: a dump stops at the first item past {@link LineDump#PIECE_CHARS}
     * (a CSV row is a few hundred bytes), so the builder seldom grows.
     */
    private static final int PIECE_CAPACITY = LineDump.PIECE_CHARS + 1024;
    /**
     * The piece being written, one per thread and reused: a piece is built and written within one
     * {@link #writeNext} call, and a fresh builder of this capacity per piece was a third of what
     * the agent's cycle (two short dumps) allocated on the control thread.
     */
    private static final ThreadLocal<StringBuilder> PIECE = ThreadLocal.withInitial(() -> new StringBuilder(PIECE_CAPACITY));

    private final AnswerDump dump;
    private final String end;

    AnswerInPieces(AnswerDump dump, String end) {
        this.dump = dump;
        this.end = end;
    }

    /**
     * Writes the next piece (not flushed), followed by the end after the last one.
     *
     * @return true while pieces remain
     */
    boolean writeNext(ChannelHandlerContext ctx) {
        StringBuilder piece = PIECE.get();
        piece.setLength(0);
        try {
            boolean more = dump.appendNext(piece);
            if (!more) {
                piece.append(end);
            }
            if (!piece.isEmpty()) {
                // Through String: its encoder copies mostly-ASCII text at memory speed, where an
                // encoder reading a StringBuilder goes a char at a time.
                ctx.write(Unpooled.wrappedBuffer(piece.toString().getBytes(StandardCharsets.UTF_8)), ctx.voidPromise());
            }
            return more;
        } finally {
            if (piece.capacity() > 4 * PIECE_CAPACITY) {
                PIECE.remove(); // grown by an exceptionally long item: not kept for the thread's life
            }
        }
    }
}
