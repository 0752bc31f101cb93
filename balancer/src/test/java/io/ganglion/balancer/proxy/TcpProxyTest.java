package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code mode tcp}: many concurrent byte streams through the balancer, each checked byte for byte. */
class TcpProxyTest {
    private static final int CONNECTIONS = 100;
    private static final int BYTES = 1024 * 1024;

    /** Echoes every byte back; one thread per connection. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket socket;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        EchoServer() throws IOException {
            socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            threads.submit(() -> {
                while (!socket.isClosed()) {
                    Socket s = socket.accept();
                    threads.submit(() -> echo(s));
                }
                return null;
            });
        }

        private static Void echo(Socket s) throws IOException {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[32 * 1024];
                int k;
                while ((k = in.read(buf)) > 0) {
                    out.write(buf, 0, k);
                }
            }
            return null;
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }

    @Test
    void hundredConcurrentConnectionsEachEchoOneMegabyteExactly() throws Exception {
        try (EchoServer echo = new EchoServer();
                RunningBalancer lb = RunningBalancer.start("""
                        defaults
                            mode tcp
                            timeout connect 2s
                            timeout client 60s
                            timeout server 60s
                        frontend fe
                            bind 127.0.0.1:${PORT}
                            default_backend be
                        backend be
                            server echo 127.0.0.1:%d
                        """.formatted(echo.port()))) {
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS * 2);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    long seed = c;
                    results.add(clients.submit(() -> roundTrip(lb.port(), seed, clients)));
                }
                for (Future<Boolean> r : results) {
                    assertThat(r.get(120, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                clients.shutdownNow();
            }
            var counters = lb.backend("be").counters();
            assertThat(counters.total()).isEqualTo(CONNECTIONS);
            assertThat(counters.bytesIn()).isEqualTo((long) CONNECTIONS * BYTES);
            assertThat(counters.bytesOut()).isEqualTo((long) CONNECTIONS * BYTES);
        }
    }

    /** Writes 1 MB of seeded random bytes while reading the echo; true if every byte came back in order. */
    private static boolean roundTrip(int port, long seed, ExecutorService pool) throws Exception {
        byte[] data = new byte[BYTES];
        new Random(seed).nextBytes(data);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(60_000);
            Future<?> writer = pool.submit(() -> {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < BYTES; off += 16 * 1024) {
                    out.write(data, off, 16 * 1024);
                }
                out.flush();
                return null;
            });
            byte[] back = new byte[BYTES];
            new DataInputStream(s.getInputStream()).readFully(back);
            writer.get(60, TimeUnit.SECONDS);
            return MessageDigest.isEqual(data, back);
        }
    }
}
