package io.ganglion.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Cuts a stats-socket byte stream into answers. An answer ends at the first of:
 * <ul>
 *   <li>a blank line (HAProxy's end-of-output marker; it never prints an empty line inside an
 *       output),</li>
 *   <li>in prompt mode, the {@code "> "} prompt at the start of a line: HAProxy omits the blank
 *       line after a few replies ({@code Server deleted.}, weight parse errors...), so the prompt
 *       is the only marker those have,</li>
 *   <li>the end of the stream (the only marker of those replies in non-interactive mode).</li>
 * </ul>
 * A {@code \r} is kept as content: the protocol ends lines with {@code \n} only.
 *
 * <p>Not thread-safe; owned by one connection.
 */
final class AnswerReader {

    enum Framing { ONE_SHOT, PROMPT }

    /** Bounds the memory one answer may take; a full {@code show stat} of thousands of servers fits. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private final ByteSource source;
    private final Framing framing;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();
    private boolean endOfStream;

    AnswerReader(ByteSource source, Framing framing) {
        this.source = source;
        this.framing = framing;
    }

    /** The next answer's text, or null when the stream ended before any byte of it. */
    String next() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean atLineStart = true;
        boolean sawAnyByte = false;
        while (true) {
            if (atLineStart && framing == Framing.PROMPT && promptIsNext()) {
                buffer.position(buffer.position() + 2);
                return withoutFinalBlankLine(text);
            }
            int b = nextByte();
            if (b < 0) {
                return sawAnyByte ? text.toString(Answer.CHARSET) : null;
            }
            sawAnyByte = true;
            if (b == '\n' && atLineStart && framing == Framing.ONE_SHOT) {
                return text.toString(Answer.CHARSET);
            }
            text.write(b);
            atLineStart = b == '\n';
            if (text.size() > MAX_ANSWER_BYTES) {
                throw new RuntimeTransportException("answer longer than " + MAX_ANSWER_BYTES + " bytes");
            }
        }
    }

    boolean atEndOfStream() {
        return endOfStream && !buffer.hasRemaining();
    }

    private boolean promptIsNext() throws IOException {
        if (!fill(2)) {
            return false;
        }
        int p = buffer.position();
        return buffer.get(p) == '>' && buffer.get(p + 1) == ' ';
    }

    private int nextByte() throws IOException {
        return fill(1) ? buffer.get() & 0xff : -1;
    }

    /** Makes {@code count} bytes available unless the stream ends first. */
    private boolean fill(int count) throws IOException {
        while (buffer.remaining() < count && !endOfStream) {
            buffer.compact();
            try {
                if (source.read(buffer) < 0) {
                    endOfStream = true;
                }
            } finally {
                buffer.flip();
            }
        }
        return buffer.remaining() >= count;
    }

    /** In prompt mode the blank line comes before the prompt; it marks the end, it is not content. */
    private static String withoutFinalBlankLine(ByteArrayOutputStream text) {
        String s = text.toString(Answer.CHARSET);
        if (s.equals("\n")) {
            return "";
        }
        return s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
    }
}
