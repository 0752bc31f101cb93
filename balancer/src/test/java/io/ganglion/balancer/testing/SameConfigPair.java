package io.ganglion.balancer.testing;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * A live HAProxy 2.6 and the bundled balancer (in this JVM) started on the same configuration,
 * each with its own admin socket, for tests that ask both the same commands. Skips the test when
 * HAProxy is absent (fails under CI).
 */
public final class SameConfigPair implements AutoCloseable {
    private static final String HAPROXY_SOCKET = "haproxy.sock";
    private final Path haproxySocket;
    private final Path ourSocket;
    private HaproxyProcess haproxy;
    private Balancer ours;

    private SameConfigPair(Path directory) {
        this.haproxySocket = directory.resolve(HAPROXY_SOCKET);
        this.ourSocket = directory.resolve("ganglion.sock");
    }

    /** @param config the configuration text, given the admin socket's path to put in its global section */
    public static SameConfigPair start(Path directory, Function<Path, String> config) throws Exception {
        HaproxyProcess.requireInstalled();
        SameConfigPair pair = new SameConfigPair(directory);
        try {
            pair.haproxy = HaproxyProcess.start(directory, config.apply(pair.haproxySocket));
            pair.ours = Balancer.start(ConfigParser.parse("test.cfg", config.apply(pair.ourSocket)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pair.haproxySocket));
            return pair;
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
    }

    /** Whether {@code socket}, given to the configuration function, is HAProxy's side's. */
    static boolean isHaproxySocket(Path socket) {
        return socket.getFileName().toString().equals(HAPROXY_SOCKET);
    }

    public Path haproxySocket() {
        return haproxySocket;
    }

    public Path ourSocket() {
        return ourSocket;
    }

    public Balancer balancer() {
        return ours;
    }

    @Override
    public void close() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
    }

    /** Closes {@code pair} and then what it was tested against ({@code others}), each when it was started (not null). */
    public static void close(SameConfigPair pair, AutoCloseable... others) throws Exception {
        if (pair != null) {
            pair.close();
        }
        for (AutoCloseable c : others) {
            if (c != null) {
                c.close();
            }
        }
    }
}
