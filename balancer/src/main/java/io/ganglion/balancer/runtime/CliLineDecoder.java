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
 * <p>One instance per channel; it only runs on that channel's event loop.
 */
final class CliLineDecoder extends ByteToMessageDecoder {
    /** The longest request line accepted, LF excluded. */
    static final int MAX_LINE_BYTES = 16_384;

    // Confined to the channel's event loop, like every decoder callback.
    private boolean discardingTooLongLine;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
            String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
            in.readerIndex(lf + 1);
            out.add(new CliInput.Line(text));
        }
    }

    /** The LF that ends the next line, escaped LFs skipped, or -1 when it has not arrived. */
    private static int endOfLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        while (lf >= 0 && escaped(in, lf)) {
            lf = in.indexOf(lf + 1, in.writerIndex(), (byte) '\n');
        }
        return lf;
    }

    /** True when an odd number of backslashes stands right before {@code index}. */
    private static boolean escaped(ByteBuf in, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= in.readerIndex() && in.getByte(i) == '\\'; i--) {
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
