package io.ganglion.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One open stats-socket connection with timed reads and writes. Socket timeouts do not apply to
 * a channel (and jnr's unix sockets, used before the JDK's, reported one as end of stream), so
 * both transports use a non-blocking channel and wait on a selector from its own provider.
 *
 * <p>Not thread-safe: its owner (one call of {@link RuntimeClient}, or a {@link RuntimeSession}
 * under its lock) uses it from one thread at a time.
 */
final class Connection implements ByteSource, Closeable {

    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final Selector selector;
    private final Duration readTimeout;

    private Connection(Endpoint endpoint, SocketChannel channel, Selector selector, Duration readTimeout) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.selector = selector;
        this.readTimeout = readTimeout;
    }

    static Connection open(Endpoint endpoint, Timeouts timeouts) {
        SocketChannel channel;
        try {
            channel = endpoint.open(timeouts.connect());
        } catch (IOException e) {
            throw new RuntimeTransportException(e.getMessage(), e);
        }
        try {
            return new Connection(endpoint, channel, channel.provider().openSelector(), timeouts.read());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RuntimeTransportException("cannot watch the connection to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    void write(String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(Answer.CHARSET));
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                awaitReady(SelectionKey.OP_WRITE, "write");
            }
        }
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        while (true) {
            int n = channel.read(into);
            if (n != 0) {
                return n;
            }
            awaitReady(SelectionKey.OP_READ, "answer");
        }
    }

    private void awaitReady(int operation, String what) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        try {
            if (selector.select(readTimeout.toMillis()) == 0) {
                throw new RuntimeTimeoutException("no " + what + " from " + endpoint + " within "
                        + readTimeout.toMillis() + " ms");
            }
        } finally {
            selector.selectedKeys().clear();
            key.interestOps(0);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(channel);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing a socket we are done with: there is nothing left to save.
        }
    }
}
