package io.ganglion.balancer.testing;

import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.server.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The balancer running the captures' own {@code conf/haproxy.cfg}, every line of it: the stick
 * table, its tracking and counter rules, the whitelist ACL, {@code log-format}, {@code fe_tls}'s
 * TLS and the {@code listen stats} page. Nothing is added or removed, so every line keeps its
 * number and every proxy its id. Paths
 * and ports aside: the sockets, the state file and copies of the ACL file, of {@code log-format}'s
 * map file and of the ticket key file are in a fresh directory, the certificate is the
 * {@link OcspTestPki}'s {@code server.pem}, laid out as the capture run's {@code conf/pki} (its
 * {@code .issuer} and the {@code .ocsp} response stapled from the start beside it), the listeners
 * and web1..web3 are on free ports. Without {@code openssl} (no PKI can be made) the TLS options
 * are turned into comments instead.
 */
public final class CaptureLikeSetup implements AutoCloseable {
    /** The TLS options of a bind line, commented out after the address when no PKI can be made. */
    private static final Pattern TLS_BIND = Pattern.compile("^(\\s*bind \\S+) (ssl .*)$");
    /** The name the capture run gave HAProxy its configuration by ({@code -f conf/haproxy.cfg}). */
    public static final String CAPTURE_CONFIG_NAME = "conf/haproxy.cfg";
    private static final String CAPTURE_RUN_DIRECTORY = "/srv/golden/run/";
    /** The capture run's ACL file, copied into the directory. */
    public static final String CAPTURE_WHITELIST = "/srv/golden/conf/whitelist.lst";
    /** The capture run's map file, which {@code log-format}'s {@code map_ip} reads; copied into the directory. */
    public static final String CAPTURE_COUNTRY_MAP = "/srv/golden/conf/ip-country.lst";
    /** The capture run's ticket key file ({@code fe_tls}); copied into the directory. */
    public static final String CAPTURE_TICKET_KEYS = "/srv/golden/conf/tls-ticket-keys";
    private static final String CAPTURE_CERTIFICATE = "/srv/golden/conf/pki/server.pem";
    private static final int[] CAPTURE_WEB_PORTS = {18081, 18082, 18083};

    private final Path directory;
    private final boolean ownsDirectory;
    private final List<TestHttpBackend> webs = new ArrayList<>();
    private final int tcpSocketPort = Ports.free();
    private final int tlsPort = Ports.free();
    private final int statsPagePort = Ports.free();
    private final RunningBalancer balancer;
    private final String config;

    private CaptureLikeSetup(Path runDirectory) throws Exception {
        ownsDirectory = runDirectory == null;
        directory = ownsDirectory ? Files.createTempDirectory("capture-like") : runDirectory;
        for (int i = 1; i <= 3; i++) {
            webs.add(new TestHttpBackend("web" + i));
        }
        Files.write(directory.resolve("whitelist.lst"), resource("conf/whitelist.lst"));
        Files.write(countryMap(), resource("conf/ip-country.lst"));
        Files.write(ticketKeys(), resource("conf/tls-ticket-keys"));
        boolean tls = TestPki.opensslPresent();
        String text = reduced(captureConfig(), tls).replace(CAPTURE_RUN_DIRECTORY, directory + "/")
                .replace(CAPTURE_WHITELIST, whitelist().toString())
                .replace(CAPTURE_COUNTRY_MAP, countryMap().toString())
                .replace(CAPTURE_TICKET_KEYS, ticketKeys().toString())
                .replace(CAPTURE_CERTIFICATE, tls ? OcspTestPki.shared().file("server.pem").toString() : CAPTURE_CERTIFICATE)
                .replace("127.0.0.1:18080", "127.0.0.1:${PORT}")
                .replace("127.0.0.1:18443", "127.0.0.1:" + tlsPort)
                .replace("127.0.0.1:18404", "127.0.0.1:" + statsPagePort)
                .replace("127.0.0.1:19999", "127.0.0.1:" + tcpSocketPort);
        for (int i = 0; i < CAPTURE_WEB_PORTS.length; i++) {
            text = text.replace("127.0.0.1:" + CAPTURE_WEB_PORTS[i] + " ", "127.0.0.1:" + webs.get(i).port() + " ");
        }
        this.config = text;
        // read under the name HAProxy was given in the capture run, as `show acl`/`show map` list it
        this.balancer = RunningBalancer.start(CAPTURE_CONFIG_NAME, text);
    }

    public static CaptureLikeSetup start() throws Exception {
        return new CaptureLikeSetup(null);
    }

    /**
     * With the sockets and the {@code server-state-file} ({@code haproxy.state}) in
     * {@code runDirectory}, which outlives the setup: a second setup on it reads the state the
     * first one saved.
     */
    public static CaptureLikeSetup start(Path runDirectory) throws Exception {
        return new CaptureLikeSetup(runDirectory);
    }

    /** The captures' configuration as HAProxy ran it. */
    public static String captureConfig() {
        return new String(resource("conf/haproxy.cfg"), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CaptureLikeSetup.class.getResourceAsStream("/haproxy-2.6-captures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource haproxy-2.6-captures/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The copy of the capture run's {@code whitelist.lst} the configuration names. */
    public Path whitelist() {
        return directory.resolve("whitelist.lst");
    }

    /** The copy of the capture run's {@code ip-country.lst} the {@code log-format} line names. */
    public Path countryMap() {
        return directory.resolve("ip-country.lst");
    }

    /** The copy of the capture run's {@code tls-ticket-keys} that {@code fe_tls} names. */
    public Path ticketKeys() {
        return directory.resolve("tls-ticket-keys");
    }

    /** The {@code listen stats} section's port: its statistics page at {@code /stats}. */
    public int statsPagePort() {
        return statsPagePort;
    }

    /** {@code fe_tls}'s port (18443 in the captures), TLS when {@link TestPki#opensslPresent()}. */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * {@code config} with what the balancer lacks turned into comments, line for line; with
     * {@code tls} false the TLS options of bind lines too (no certificate can be made).
     */
    static String reduced(String config, boolean tls) {
        return config.lines().map(line -> {
            return tls ? line : TLS_BIND.matcher(line).replaceFirst("$1 # $2");
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The configuration the balancer runs (ports and paths already replaced). */
    public String config() {
        return config;
    }

    public RunningBalancer balancer() {
        return balancer;
    }

    public List<TestHttpBackend> webs() {
        return webs;
    }

    /** The admin-level unix socket ({@code admin.sock} in the captures). */
    public Path adminSocket() {
        return directory.resolve("admin.sock");
    }

    /** The user-level unix socket ({@code user.sock} in the captures). */
    public Path userSocket() {
        return directory.resolve("user.sock");
    }

    /** The port of the admin-level TCP socket (19999 in the captures). */
    public int tcpSocketPort() {
        return tcpSocketPort;
    }

    /** The {@code server-state-file}. */
    public Path stateFile() {
        return directory.resolve("haproxy.state");
    }

    /** Waits until every server passed a check, as in the captures taken after the first checks. */
    public CaptureLikeSetup awaitChecked() {
        await().atMost(Duration.ofSeconds(20)).until(() -> balancer.backend("be_app").servers().stream()
                .allMatch(CaptureLikeSetup::passedCheck));
        return this;
    }

    private static boolean passedCheck(Server s) {
        int top = s.spec().get(CheckOptions.RISE) + s.spec().get(CheckOptions.FALL) - 1;
        return s.lastCheck() != null && s.lastCheck().passed() && s.checkHealth() == top;
    }

    @Override
    public void close() {
        balancer.close();
        webs.forEach(TestHttpBackend::close);
        if (!ownsDirectory) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
