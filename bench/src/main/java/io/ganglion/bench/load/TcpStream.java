package io.ganglion.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One large transfer: connects to a port that streams bytes without end (the stream source,
 * directly or through a {@code mode tcp} frontend), reads for a bounded time and reports the rate.
 */
public final class TcpStream {
    private static final int READ_BUFFER = 256 * 1024;

    private TcpStream() {
    }

    /** Bytes per second received over one connection during {@code duration}. */
    public static double bytesPerSecond(int port, Duration duration) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            long received = 0;
            long now = start;
            // Bounded by the deadline; a source that stops sending ends the loop with -1.
            while (now < deadline) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IllegalStateException("127.0.0.1:" + port + " closed the stream after " + received + " bytes");
                }
                received += n;
                now = System.nanoTime();
            }
            return received / ((now - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("stream from 127.0.0.1:" + port + " failed", e);
        }
    }
}
