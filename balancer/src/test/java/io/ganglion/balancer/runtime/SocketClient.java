package io.ganglion.balancer.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A raw stats socket client that behaves like the tools operators use: like {@code socat stdio
 * unix-connect:...} it sends everything, shuts its sending side down and reads until the server
 * closes; like {@code nc -U} (OpenBSD, without {@code -N}) it sends everything and reads until the
 * server closes without shutting down. Also an interactive mode for prompt sessions.
 */
final class SocketClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private SocketClient(SocketChannel channel) {
        this.channel = channel;
    }

    static SocketClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open(StandardProtocolFamily.INET);
        channel.connect(address);
        return new SocketClient(channel);
    }

    /** socat-like: send, shut down the sending side, read everything until the server closes. */
    static byte[] socatExchange(SocketAddress address, byte[] request) throws Exception {
        return exchange(address, request, true);
    }

    /** nc-like: send, keep the sending side open, read everything until the server closes. */
    static byte[] ncExchange(SocketAddress address, byte[] request) throws Exception {
        return exchange(address, request, false);
    }

    static String socatExchange(SocketAddress address, String request) throws Exception {
        return new String(socatExchange(address, request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] exchange(SocketAddress address, byte[] request, boolean shutdownOutput) throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try (SocketClient client = connect(address)) {
            Future<byte[]> reply = executor.submit(() -> {
                client.send(request);
                if (shutdownOutput) {
                    client.channel.shutdownOutput();
                }
                return client.readToEnd();
            });
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Reads until the server closes (blocking; callers bound it in time). */
    byte[] readToEnd() throws IOException {
        while (readSome() >= 0) {
            // keep reading
        }
        return received.toByteArray();
    }

    /**
     * Reads until everything received so far ends with {@code suffix}, then returns it and
     * forgets it. Fails after {@link #TIMEOUT}.
     */
    String readUntil(String suffix) throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try {
            Future<String> result = executor.submit(() -> {
                while (!received.toString(StandardCharsets.UTF_8).endsWith(suffix)) {
                    if (readSome() < 0) {
                        throw new IOException("closed before '" + suffix + "', got: " + received.toString(StandardCharsets.UTF_8));
                    }
                }
                String text = received.toString(StandardCharsets.UTF_8);
                received.reset();
                return text;
            });
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no '" + suffix.replace("\n", "\\n") + "' within " + TIMEOUT
                    + "; received: " + received.toString(StandardCharsets.UTF_8), e);
        } finally {
            executor.shutdownNow();
        }
    }

    private int readSome() throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n > 0) {
            received.write(buffer.array(), 0, n);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
