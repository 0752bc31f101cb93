package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.LogTarget;
import io.ganglion.balancer.config.ProxySection;
import io.netty.channel.Channel;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Access log lines, written by one background thread to the {@code log} targets (stdout or
 * stderr), so an event loop never blocks on a slow reader of the log: when the queue is full,
 * lines are dropped and counted, as a syslog socket would drop them.
 *
 * <p>The lines of {@code log-format}, {@code option httplog} and {@code option tcplog} are rendered
 * by the log phase of each stream ({@code io.ganglion.balancer.log.LogLine}); this class writes
 * HAProxy's default line itself (neither option): {@code Connect from %ci:%cp to %fi:%fp (%f/MODE)}.
 */
public final class AccessLog implements AutoCloseable {
    private static final String STOP = new String("stop");

    /**
     * After writing what it found, the writer waits this long before it looks again, so that the
     * lines of busy traffic gather meanwhile: an event loop then seldom finds it asleep, and waking
     * it (a futex call) is the exception rather than once per line.
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Traffic lines (Strings, level info) and {@link Event}s, in the order they happened. Lock-free:
     * the {@code ArrayBlockingQueue} this replaced took a lock per line and signalled the sleeping
     * writer, 1.3 futex calls per request with {@code option httplog} (strace, 17,505 requests).
     */
    private final Queue<Object> queue = PlatformDependent.newFixedMpscQueue(65_536);
    /** Set by the writer before it sleeps with nothing queued; whoever queues a line then wakes it. */
    private volatile boolean writerAsleep;
    private final LongAdder dropped = new LongAdder();
    /** One {@code log} line of the global section: where, the header of its format, its {@code len}. */
    private record Output(PrintStream out, SyslogHeader header, int length) {
        /** Header and line cut at {@code len - 1} characters, as HAProxy cuts what it sends to each target. */
        void print(String head, String line) {
            int room = Math.max(0, length - 1 - head.length());
            out.print(head.length() < length ? head : head.substring(0, length - 1));
            out.append(line, 0, Math.min(room, line.length()));
            out.print('\n');
        }
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
                    StandardCharsets.UTF_8), new SyslogHeader(target, pid), target.length()));
        }
        this.writer = new Thread(this::drain, "ganglion-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** The longest message a line may have: {@code len - 1} of the longest target, HAProxy's {@code max_syslog_len}. */
    public int maxMessageLength() {
        return outputs.stream().mapToInt(o -> o.length() - 1).max().orElse(LogTarget.DEFAULT_LENGTH - 1);
    }

    public long droppedLines() {
        return dropped.sum();
    }

    private void drain() {
        List<Object> batch = new ArrayList<>(256);
        while (true) {
            Object next;
            while (batch.size() < 1024 && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                awaitLines();
                continue;
            }
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
                    o.print(o.header().before(now, level), line);
                }
            }
            batch.clear();
            outputs.forEach(o -> o.out().flush());
        }
    }

    /**
     * Lingers, then sleeps until a line is queued. The flag is set before the queue is looked at
     * again, and a producer reads it after queuing: one of the two sees the other, so no line waits.
     */
    private void awaitLines() {
        LockSupport.parkNanos(this, LINGER_NANOS);
        if (!queue.isEmpty()) {
            return;
        }
        writerAsleep = true;
        if (queue.isEmpty()) {
            LockSupport.park(this);
        }
        writerAsleep = false;
    }

    private void queued() {
        if (writerAsleep) {
            LockSupport.unpark(writer);
        }
    }

    /** Queues one line for every target; dropped (and counted) when the writer is too far behind. */
    public void write(String line) {
        if (queue.offer(line)) {
            queued();
        } else {
            dropped.increment();
        }
    }

    /** A message of syslog {@code level} ({@link #ALERT}, {@link #NOTICE}), queued like the traffic's lines. */
    public void event(int level, String message) {
        if (queue.offer(new Event(level, message))) {
            queued();
        } else {
            dropped.increment();
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        try {
            while (!queue.offer(STOP)) { // full: the writer makes room within a batch
                LockSupport.parkNanos(LINGER_NANOS);
            }
            LockSupport.unpark(writer);
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * HAProxy's default format, when the frontend logs with neither {@code option httplog} nor
     * {@code option tcplog}: a connection accepted ({@code mode tcp}) or a request received
     * ({@code mode http}); nothing otherwise.
     */
    public void started(Frontend frontend, Channel client) {
        ProxySection config = frontend.config();
        if (!config.logGlobal() || config.accessLogFormat().atEnd()) {
            return;
        }
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress to = (InetSocketAddress) client.localAddress();
        write("Connect from " + from.getAddress().getHostAddress() + ":" + from.getPort() + " to "
                + to.getAddress().getHostAddress() + ":" + to.getPort() + " (" + frontend.name() + "/"
                + config.mode().keyword().toUpperCase(Locale.ROOT) + ")");
    }
}
