package io.ganglion.balancer.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts the stats socket's byte stream into LF-terminated lines.
 *
 * <p>Only LF ends a line: a CR is left in place for the session, which, like HAProxy, drops a
 * single CR right before the end of a request and keeps any other (capture 374: {@code \r\n}
 * answers as {@code \n}). A line over {@value #MAX_LINE_BYTES} bytes (HAProxy's request buffer,
 * {@code tune.bufsize}) is dropped up to its LF and reported as {@link CliInput.TooLong}, so the
 * client gets an error answer instead of a silent close. Bytes after the last LF when the input
 * ends are dropped unanswered, as HAProxy does (capture 375).
 *
 * <p>A line whose LF is escaped (an odd number of {@code \} before it) goes on after that LF, as
 * in HAProxy 2.6: the LF stays in the line, where the word parser reads {@code \<LF>} as a literal
 * LF inside the word, so {@code get weight be/\<LF>web1} asks for server {@code "\nweb1"}.
 *
 * <p>An {@code add map <<} payload's lines are cut as one input per read
 * ({@link CliInput.PayloadLines}) rather than a string each, once the session has said the payload
 * began with the last line cut ({@link #collectPayload}): a million-line load through the socket
 * made a string, an input and a trip through the session for every line, then joined them again,
 * and the JIT's compiling of all that cost more CPU than the map's own work (issue 14). To know
 * where it stands, the decoder stops after a line that may announce a payload (it ends with
 * {@code <<}), so that the session has seen every line cut before it decides; anything unusual
 * inside a payload (an over-long line) goes back to one input per line.
 *
 * <p>One instance per channel; it only runs on that channel's event loop.
 */
final class CliLineDecoder extends ByteToMessageDecoder {
    /** The longest request line accepted, LF excluded. */
    static final int MAX_LINE_BYTES = 16_384;

    // Confined to the channel's event loop, like every decoder callback.
    private boolean discardingTooLongLine;
    /** True while the lines cut are a payload's: see {@link #collectPayload}. */
    private boolean collectingPayload;
    /** True when the session prompts for each payload line: its lines go as soon as they arrive. */
    private boolean promptEachLine;
    /** How far the payload's bytes from the reader index are cut into lines, not yet handed over. */
    private int scanned;
    /** The payload's lines cut and not yet handed over, and where the last one's text ends (from the reader index). */
    private int payloadLines;
    private int payloadTextEnd;
    /**
     * True from a return right after a line that may announce a payload, cut alone, until the next
     * decode: meanwhile the session has seen every line cut, that one last.
     */
    private boolean afterPayloadCommand;

    /**
     * Called by the session once every line cut so far is handled and the last one left it
     * waiting for a payload: the next lines, up to the empty one, are cut as payload text, handed
     * over whole at the payload's end (as soon as they arrive when {@code promptEachLine}: an
     * interactive client waits for a prompt after each line). Ignored unless that last line is the
     * one this decoder stopped after; the session then gets line by line as before.
     */
    void collectPayload(boolean promptEachLine) {
        if (afterPayloadCommand) {
            collectingPayload = true;
            this.promptEachLine = promptEachLine;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        afterPayloadCommand = false;
        if (collectingPayload && !discardingTooLongLine) {
            collectPayloadLines(in, out);
            if (collectingPayload) {
                return; // the rest is part of a payload line still arriving
            }
        }
        while (in.isReadable()) {
            int lf = endOfLine(in);
            if (discardingTooLongLine) {
                if (lf < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(lf + 1);
                discardingTooLongLine = false;
                out.add(new CliInput.TooLong());
                continue;
            }
            if (lf < 0) {
                if (in.readableBytes() > MAX_LINE_BYTES) {
                    in.skipBytes(in.readableBytes());
                    discardingTooLongLine = true;
                }
                return;
            }
            int length = lf - in.readerIndex();
            if (length > MAX_LINE_BYTES) {
                in.readerIndex(lf + 1);
                out.add(new CliInput.TooLong());
                continue;
            }
            boolean mayAnnouncePayload = endsWithPayloadMarker(in, lf);
            if (mayAnnouncePayload && !out.isEmpty()) {
                return; // cut alone by the next call, once the session has seen the lines before it
            }
            String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
            in.readerIndex(lf + 1);
            out.add(new CliInput.Line(text));
            if (mayAnnouncePayload) {
                afterPayloadCommand = true;
                return;
            }
        }
    }

    /**
     * Cuts the payload's complete lines from the reader index; hands them over as one input, their
     * final CRs dropped and joined by LF as the session would join them, after the empty line that
     * ends the payload, or before a line over the limit (left to the line-by-line path, which
     * reports it), or when they are more than a request may hold (the session refuses it then), or
     * at once when the session prompts for each line. Until then their bytes wait in the
     * decoder's buffer, where the next reads are added, and are not cut again.
     */
    private void collectPayloadLines(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        boolean ends = false;
        int lf;
        for (int from = start + scanned; (lf = endOfLine(in, from)) >= 0; from = lf + 1) {
            int length = lf - from;
            if (length > MAX_LINE_BYTES) {
                collectingPayload = false;
                break;
            }
            scanned = lf + 1 - start;
            if (length == 0 || length == 1 && in.getByte(from) == '\r') {
                ends = true;
                collectingPayload = false;
                break;
            }
            payloadLines++;
            payloadTextEnd = lf - start;
        }
        if (collectingPayload && in.writerIndex() - (start + scanned) > MAX_LINE_BYTES) {
            collectingPayload = false; // an over-long partial line: the line-by-line path drops it
        }
        if (collectingPayload && !promptEachLine && payloadTextEnd <= MAX_LINE_BYTES) {
            return;
        }
        if (payloadLines > 0 || ends) {
            String text = payloadLines == 0 ? "" : in.toString(start, payloadTextEnd, StandardCharsets.UTF_8);
            out.add(new CliInput.PayloadLines(dropFinalCrs(text), payloadLines, ends));
        }
        in.readerIndex(start + scanned);
        scanned = 0;
        payloadLines = 0;
        payloadTextEnd = 0;
    }

    /** The text with each line's final CR dropped (one CR before each LF, and one at its end). */
    private static String dropFinalCrs(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        String dropped = text.replace("\r\n", "\n");
        return dropped.endsWith("\r") ? dropped.substring(0, dropped.length() - 1) : dropped;
    }

    /** True when the line ending at {@code lf} ends with {@code <<}, before a final CR if any. */
    private static boolean endsWithPayloadMarker(ByteBuf in, int lf) {
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        return end - in.readerIndex() >= 2 && in.getByte(end - 1) == '<' && in.getByte(end - 2) == '<';
    }

    /** The LF that ends the next line, escaped LFs skipped, or -1 when it has not arrived. */
    private static int endOfLine(ByteBuf in) {
        return endOfLine(in, in.readerIndex());
    }

    /** The LF that ends the line starting at {@code from}, escaped LFs skipped, or -1. */
    private static int endOfLine(ByteBuf in, int from) {
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        while (lf >= 0 && escaped(in, from, lf)) {
            lf = in.indexOf(lf + 1, in.writerIndex(), (byte) '\n');
        }
        return lf;
    }

    /** True when an odd number of backslashes, after {@code lineStart}, stands right before {@code index}. */
    private static boolean escaped(ByteBuf in, int lineStart, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= lineStart && in.getByte(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // An unterminated last line is never executed (HAProxy answers it with nothing).
        in.skipBytes(in.readableBytes());
    }

    /** True while part of a line has arrived without its LF. */
    boolean hasPartialLine() {
        return discardingTooLongLine || (internalBuffer() != null && internalBuffer().isReadable());
    }
}
