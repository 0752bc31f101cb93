package io.ganglion.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Holds many idle client connections through a {@code mode tcp} frontend, for the memory a
 * balancer spends per connection. Each is counted once the balancer has connected its server side
 * (the backend reports its open connections), so the figure includes both halves.
 */
public final class IdleConnections implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(5);

    private final List<SocketChannel> channels = new ArrayList<>();

    private IdleConnections() {
    }

    /**
     * Opens {@code count} connections and waits until {@code serverSideOpen} reaches
     * {@code baseline + count}, or fails after {@code limit}.
     */
    public static IdleConnections open(int port, int count, IntSupplier serverSideOpen, Duration limit) {
        IdleConnections idle = new IdleConnections();
        int baseline = serverSideOpen.getAsInt();
        try {
            for (int i = 0; i < count; i++) {
                idle.channels.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            long deadline = System.nanoTime() + limit.toNanos();
            while (serverSideOpen.getAsInt() < baseline + count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + (serverSideOpen.getAsInt() - baseline) + " of " + count
                            + " idle connections reached the backend within " + limit.toSeconds() + " s");
                }
                // Polling a counter the backend's event loops keep; bounded by the deadline above.
                LockSupport.parkNanos(POLL.toNanos());
            }
            return idle;
        } catch (IOException e) {
            idle.close();
            throw new UncheckedIOException("cannot open idle connection " + (idle.channels.size() + 1) + " of " + count, e);
        } catch (RuntimeException e) {
            idle.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing loopback connections we own: nothing useful to do about a failure.
            }
        }
        channels.clear();
    }
}
