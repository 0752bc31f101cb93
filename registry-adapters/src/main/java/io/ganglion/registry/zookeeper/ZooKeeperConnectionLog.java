package io.ganglion.registry.zookeeper;

import io.ganglion.registry.internal.DaemonThreads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one line when a Curator client cannot reach ZooKeeper, and says it again at growing
 * intervals (1 s, 2 s, 4 s ... up to {@link #MAX_INTERVAL}) for as long as that lasts:
 *
 * <pre>
 * cannot reach ZooKeeper at 10.0.0.1:2181: connection refused; retrying
 * connected to ZooKeeper at 10.0.0.1:2181
 * </pre>
 *
 * ZooKeeper's own client logs a five-line stack trace for every reconnection attempt (about one a
 * second), so its logger is kept quiet and this is the message an operator reads. The reason comes
 * from a TCP connection to each server of the connect string, made only while the client is not
 * connected: ZooKeeper does not hand its reason to Curator's listeners.
 *
 * <p>Threads: everything but the listener runs on {@link #reporter}; the fields marked "reporter"
 * belong to it, and the listener only queues work there.
 */
public final class ZooKeeperConnectionLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperConnectionLog.class);
    static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String NO_SESSION_YET = "it accepts connections but gave no session yet";

    private final CuratorFramework client;
    private final String servers;
    private final ScheduledExecutorService reporter;
    private final ConnectionStateListener listener = (c, state) -> run(() -> onState(state));
    private Duration interval = FIRST_INTERVAL; // reporter
    private boolean troubleReported; // reporter
    private ScheduledFuture<?> nextReport; // reporter

    private ZooKeeperConnectionLog(CuratorFramework client, ZooKeeperSettings settings) {
        this.client = client;
        int slash = settings.connectString().indexOf('/');
        this.servers = slash < 0 ? settings.connectString() : settings.connectString().substring(0, slash);
        this.reporter = DaemonThreads.single("ganglion-zk-connection");
    }

    /**
     * Starts watching {@code client} (started or not); the first report comes after
     * {@link #FIRST_INTERVAL} without a connection, at start or after a disconnection.
     */
    public static ZooKeeperConnectionLog watch(CuratorFramework client, ZooKeeperSettings settings) {
        ZooKeeperConnectionLog connectionLog = new ZooKeeperConnectionLog(client, settings);
        client.getConnectionStateListenable().addListener(connectionLog.listener);
        connectionLog.run(() -> connectionLog.scheduleReport(FIRST_INTERVAL));
        return connectionLog;
    }

    private void onState(ConnectionState state) {
        if (state.isConnected()) {
            cancelReport();
            interval = FIRST_INTERVAL;
            if (troubleReported) {
                log.info("connected to ZooKeeper at {}", servers);
            }
            troubleReported = false;
        } else if (state == ConnectionState.LOST) {
            log.warn("the ZooKeeper session at {} expired: its ephemeral nodes are gone; this host's registrations "
                    + "are created again in a new session", servers);
            troubleReported = true;
        } else if (state == ConnectionState.SUSPENDED && nextReport == null) {
            // A blip shorter than this (a server restarting in a rolling upgrade) is not worth a line.
            scheduleReport(FIRST_INTERVAL);
        }
    }

    private void report() {
        nextReport = null;
        if (client.getZookeeperClient().isConnected()) {
            return;
        }
        List<String> serverList = List.of(servers.split(","));
        List<String> reasons = serverList.stream().map(server -> probe(server.trim())).toList();
        Duration wait = interval;
        interval = interval.multipliedBy(2).compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval.multipliedBy(2);
        if (!troubleReported && reasons.stream().allMatch(NO_SESSION_YET::equals)) {
            // Every server answers: most likely a session on its way on a busy host. Say it if it lasts.
            scheduleReport(wait);
            return;
        }
        List<String> each = new ArrayList<>();
        for (int i = 0; i < serverList.size(); i++) {
            each.add(serverList.get(i).trim() + ": " + reasons.get(i));
        }
        log.warn("cannot reach ZooKeeper at {}; retrying", String.join(", ", each));
        troubleReported = true;
        scheduleReport(wait);
    }

    /** Why a TCP connection to {@code host:port} fails, in a few words (one attempt). */
    static String probe(String server) {
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(server.substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(PROBE_TIMEOUT.toMillis()));
            return NO_SESSION_YET;
        } catch (ConnectException e) {
            return "connection refused";
        } catch (SocketTimeoutException e) {
            return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
        } catch (UnknownHostException e) {
            return "unknown host";
        } catch (NoRouteToHostException e) {
            return "no route to host";
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private void scheduleReport(Duration delay) {
        cancelReport();
        nextReport = reporter.schedule(this::report, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelReport() {
        if (nextReport != null) {
            nextReport.cancel(false);
            nextReport = null;
        }
    }

    private void run(Runnable task) {
        try {
            reporter.execute(task);
        } catch (RejectedExecutionException closed) {
            // closed: nothing more to say
        }
    }

    @Override
    public void close() {
        client.getConnectionStateListenable().removeListener(listener);
        reporter.shutdownNow();
    }
}
