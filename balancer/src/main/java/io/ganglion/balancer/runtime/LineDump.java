package io.ganglion.balancer.runtime;

import java.util.Iterator;
import java.util.Objects;

/**
 * The usual long answer: a head, one text per item, a tail; the items are produced only as the
 * pieces are asked for, so a dump of any length holds one piece of text at a time.
 *
 * <pre>{@code
 * new LineDump<>("# name\n", backends.iterator(), (out, b) -> out.append(b.name()).append('\n'), "")
 * }</pre>
 *
 * @param <T> what one item is made from
 */
public final class LineDump<T> implements AnswerDump {
    /**
     * A piece stops at the first item that ends past this many characters: large enough that a
     * piece costs little besides its items, small enough to stay well under a millisecond of work.
     */
    public static final int PIECE_CHARS = 16 * 1024;

    private final String head;
    private final Iterator<? extends T> items;
    private final ItemWriter<? super T> writer;
    private final String tail;
    private boolean headWritten;

    /** Appends the text of one item. */
    @FunctionalInterface
    public interface ItemWriter<T> {
        void append(StringBuilder out, T item);
    }

    public LineDump(String head, Iterator<? extends T> items, ItemWriter<? super T> writer, String tail) {
        this.head = Objects.requireNonNull(head, "head");
        this.items = Objects.requireNonNull(items, "items");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.tail = Objects.requireNonNull(tail, "tail");
    }

    @Override
    public boolean appendNext(StringBuilder out) {
        if (!headWritten) {
            out.append(head);
            headWritten = true;
        }
        int stop = out.length() + PIECE_CHARS;
        while (out.length() < stop && items.hasNext()) {
            writer.append(out, items.next());
        }
        if (items.hasNext()) {
            return true;
        }
        out.append(tail);
        return false;
    }

    /** Runs {@code dump} to its end: the whole answer as one text, for callers that need it whole. */
    public static String whole(AnswerDump dump) {
        StringBuilder out = new StringBuilder();
        while (dump.appendNext(out)) {
            // every piece goes to the same text
        }
        return out.toString();
    }
}
