package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.LogTarget;
import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.ProxySection;
import io.netty.channel.Channel;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Access log lines in HAProxy's formats, written by one background thread to the {@code log}
 * target (stdout or stderr), so an event loop never blocks on a slow reader of the log: when the
 * queue is full, lines are dropped and counted, as a syslog socket would drop them.
 *
 * <p>HTTP ({@code option httplog}):
 * {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r}
 * <br>TCP ({@code option tcplog}, in {@code mode tcp} or {@code mode http}):
 * {@code %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq}
 * <br>HAProxy's default format (neither option): {@code Connect from %ci:%cp to %fi:%fp (%f/MODE)}
 */
public final class AccessLog implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String STOP = new String("stop");

    /** Traffic lines (Strings, level info) and {@link Event}s, in the order they happened. */
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(65_536);
    private final LongAdder dropped = new LongAdder();
    /** One {@code log} line of the global section: where, and the header of its format. */
    private record Output(PrintStream out, SyslogHeader header) {
    }

    /** A message of another level than info: a server's state change. */
    private record Event(int level, String message) {
    }

    /** Syslog levels of HAProxy's server state messages. */
    public static final int ALERT = 1;
    public static final int NOTICE = 5;

    private final List<Output> outputs = new ArrayList<>();
    private final Thread writer;

    /** Writes to every {@code log} target of the global section, as HAProxy does. */
    public AccessLog(List<LogTarget> targets) {
        this(targets, t -> t.target().equals("stderr") ? System.err : System.out, ProcessHandle.current().pid());
    }

    AccessLog(List<LogTarget> targets, Function<LogTarget, OutputStream> streams, long pid) {
        for (LogTarget target : targets) {
            outputs.add(new Output(new PrintStream(new BufferedOutputStream(streams.apply(target), 64 * 1024), false,
                    StandardCharsets.UTF_8), new SyslogHeader(target, pid)));
        }
        this.writer = new Thread(this::drain, "ganglion-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    public long droppedLines() {
        return dropped.sum();
    }

    private void drain() {
        List<Object> batch = new ArrayList<>(256);
        try {
            while (true) {
                Object first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                // Stamped when written, not when queued: the headers' dates have seconds only.
                long now = System.currentTimeMillis();
                for (Object item : batch) {
                    if (item == STOP) {
                        outputs.forEach(o -> o.out().flush());
                        return;
                    }
                    int level = item instanceof Event e ? e.level() : SyslogHeader.INFO;
                    String line = item instanceof Event e ? e.message() : (String) item;
                    for (Output o : outputs) {
                        o.out().print(o.header().before(now, level));
                        o.out().print(line);
                        o.out().print('\n');
                    }
                }
                batch.clear();
                outputs.forEach(o -> o.out().flush());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues one line for every target; dropped (and counted) when the writer is too far behind. */
    void write(String line) {
        if (!queue.offer(line)) {
            dropped.increment();
        }
    }

    /** A message of syslog {@code level} ({@link #ALERT}, {@link #NOTICE}), queued like the traffic's lines. */
    public void event(int level, String message) {
        if (!queue.offer(new Event(level, message))) {
            dropped.increment();
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One finished HTTP exchange. Times in milliseconds, -1 for a step that did not happen. */
    public record HttpEntry(String clientIp, int clientPort, long acceptMillis, String frontend, String backend,
            String server, long tr, long tw, long tc, long tresp, long ta, int status, long bytes,
            String termination, int actconn, int feconn, int beconn, int srvconn, int retries, String requestLine) {
    }

    public void http(HttpEntry e) {
        StringBuilder b = new StringBuilder(200);
        b.append(e.clientIp()).append(':').append(e.clientPort()).append(" [")
                .append(DATE.format(Instant.ofEpochMilli(e.acceptMillis()))).append("] ")
                .append(e.frontend()).append(' ').append(e.backend()).append('/').append(e.server()).append(' ')
                .append(e.tr()).append('/').append(e.tw()).append('/').append(e.tc()).append('/')
                .append(e.tresp()).append('/').append(e.ta()).append(' ')
                .append(e.status()).append(' ').append(e.bytes()).append(" - - ").append(e.termination()).append(' ')
                .append(e.actconn()).append('/').append(e.feconn()).append('/').append(e.beconn()).append('/')
                .append(e.srvconn()).append('/').append(e.retries()).append(" 0/0 \"").append(e.requestLine())
                .append('"');
        write(b.toString());
    }

    /** One finished HTTP exchange in the TCP format ({@code option tcplog} on an HTTP frontend). */
    public void tcp(HttpEntry e) {
        tcp(e.clientIp(), e.clientPort(), e.acceptMillis(), e.frontend(), e.backend(), e.server(), e.tw(), e.tc(), e.ta(),
                e.bytes(), e.termination().substring(0, 2), e.actconn(), e.feconn(), e.beconn(), e.srvconn(), e.retries());
    }

    /** The frontend logs ({@code log global}) a line at the end of each connection or transaction. */
    public static boolean logsAtEnd(Frontend frontend) {
        return frontend.config().logGlobal() && frontend.config().accessLogFormat().atEnd();
    }

    /**
     * HAProxy's default format, when the frontend logs with neither {@code option httplog} nor
     * {@code option tcplog}: a connection accepted ({@code mode tcp}) or a request received
     * ({@code mode http}); nothing otherwise.
     */
    public void started(Frontend frontend, Channel client) {
        ProxySection config = frontend.config();
        if (!config.logGlobal() || config.accessLogFormat() != AccessLogFormat.CONNECT) {
            return;
        }
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress to = (InetSocketAddress) client.localAddress();
        write("Connect from " + from.getAddress().getHostAddress() + ":" + from.getPort() + " to "
                + to.getAddress().getHostAddress() + ":" + to.getPort() + " (" + frontend.name() + "/"
                + config.mode().keyword().toUpperCase(Locale.ROOT) + ")");
    }

    /** One finished TCP connection. */
    public void tcp(String clientIp, int clientPort, long acceptMillis, String frontend, String backend,
            String server, long tw, long tc, long tt, long bytes, String termination, int actconn, int feconn,
            int beconn, int srvconn, int retries) {
        write(clientIp + ":" + clientPort + " [" + DATE.format(Instant.ofEpochMilli(acceptMillis)) + "] " + frontend
                + " " + backend + "/" + server + " " + tw + "/" + tc + "/" + tt + " " + bytes + " " + termination
                + " " + actconn + "/" + feconn + "/" + beconn + "/" + srvconn + "/" + retries + " 0/0");
    }
}
