package io.ganglion.balancer.session;

import io.ganglion.balancer.runtime.AnswerDump;
import java.util.List;

/**
 * The answer of {@code show sess} (one line per stream) or {@code show sess all} (a block per
 * stream), from the streams as they were when the command ran, a few streams per piece.
 */
final class ShowSessDump implements AnswerDump {
    /** Streams per piece: the list's lines are ~300 bytes, the blocks ~1.5 KiB. */
    private static final int LINES_PER_PIECE = 32;
    private static final int BLOCKS_PER_PIECE = 8;

    private final List<StreamSnapshot> streams;
    private final ShowSessFormat format;
    private final boolean detailed;
    private int next;

    ShowSessDump(List<StreamSnapshot> streams, ShowSessFormat format, boolean detailed) {
        this.streams = List.copyOf(streams);
        this.format = format;
        this.detailed = detailed;
    }

    @Override
    public boolean appendNext(StringBuilder out) {
        int end = Math.min(streams.size(), next + (detailed ? BLOCKS_PER_PIECE : LINES_PER_PIECE));
        for (; next < end; next++) {
            if (detailed) {
                format.detail(streams.get(next), out);
            } else {
                format.line(streams.get(next), out);
            }
        }
        return next < streams.size();
    }
}
