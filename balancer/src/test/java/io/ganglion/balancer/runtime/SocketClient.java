package io.ganglion.balancer.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A raw stats socket client that behaves like the tools operators use: like {@code socat stdio
 * unix-connect:...} it sends everything, shuts its sending side down and reads until the server
 * closes; like {@code nc -U} (OpenBSD, without {@code -N}) it sends everything and reads until the
 * server closes without shutting down. Also an interactive mode for prompt sessions.
 *
 * <p>Non-blocking underneath, so every wait is bounded by {@link #TIMEOUT}. Not thread-safe: one
 * test thread per client.
 */
final class SocketClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private final Selector selector;
    private final SelectionKey key;

    private SocketClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    static SocketClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open(StandardProtocolFamily.INET);
        channel.connect(address);
        return new SocketClient(channel);
    }

    /** socat-like: send, shut down the sending side, read everything until the server closes. */
    static byte[] socatExchange(SocketAddress address, byte[] request) throws IOException {
        return exchange(address, request, true);
    }

    /** nc-like: send, keep the sending side open, read everything until the server closes. */
    static byte[] ncExchange(SocketAddress address, byte[] request) throws IOException {
        return exchange(address, request, false);
    }

    static String socatExchange(SocketAddress address, String request) throws Exception {
        return new String(socatExchange(address, request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] exchange(SocketAddress address, byte[] request, boolean shutdownOutput) throws IOException {
        try (SocketClient client = connect(address)) {
            client.send(request);
            if (shutdownOutput) {
                client.channel.shutdownOutput();
            }
            return client.readToEnd();
        }
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "sending");
            }
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Reads until the server closes; fails after {@link #TIMEOUT}. */
    byte[] readToEnd() throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (readSome(deadline) >= 0) {
            // keep reading
        }
        return received.toByteArray();
    }

    /** Reads until at least {@code bytes} have arrived since the last {@link #readUntil}; fails at the end of input. */
    void readAtLeast(int bytes) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (received.size() < bytes) {
            if (readSome(deadline) < 0) {
                throw new AssertionError("closed after " + received.size() + " bytes, " + bytes + " expected");
            }
        }
    }

    /**
     * Reads until everything received so far ends with {@code suffix}, then returns it and
     * forgets it. Fails after {@link #TIMEOUT} without that suffix.
     */
    String readUntil(String suffix) throws IOException {
        byte[] wanted = suffix.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!endsWith(wanted)) {
            if (readSome(deadline) < 0) {
                throw new AssertionError("closed before '" + suffix + "', got: " + received.toString(StandardCharsets.UTF_8));
            }
        }
        String text = received.toString(StandardCharsets.UTF_8);
        received.reset();
        return text;
    }

    private boolean endsWith(byte[] wanted) {
        int size = received.size();
        if (size < wanted.length) {
            return false;
        }
        byte[] all = received.toByteArray();
        return Arrays.equals(all, size - wanted.length, size, wanted, 0, wanted.length);
    }

    /** Reads what is there, waiting for something until the deadline; -1 once the server closed. */
    private int readSome(long deadline) throws IOException {
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n != 0) {
                if (n > 0) {
                    received.write(buffer.array(), 0, n);
                }
                return n;
            }
            await(SelectionKey.OP_READ, deadline, "reading");
        }
    }

    private void await(int operation, long deadline, String what) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new AssertionError("stuck " + what + " for " + TIMEOUT + "; received: " + received.toString(StandardCharsets.UTF_8));
        }
        key.interestOps(operation);
        selector.select(left);
        selector.selectedKeys().clear();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
