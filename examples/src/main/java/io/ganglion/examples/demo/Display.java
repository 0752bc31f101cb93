package io.ganglion.examples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.StatRow;
import io.ganglion.runtime.cli.TopTable;

/**
 * What the demo shows while it runs. On a terminal: the live table ({@code ctl top}'s own table,
 * plus each demo server's share of the last second's requests), redrawn in place every
 * second under the recent announcements. Without one (a pipe, a file): each announcement as a line,
 * and every two seconds one plain progress line:
 * <pre>
 *   [  12s] scale out | requests 2410, failed 0, 201/s | web-1 25% web-2 25% web-3 25% web-4 25%
 * </pre>
 *
 * <p><b>Threads.</b> The story thread calls {@link #announce} and {@link #step}; the ticker thread
 * draws. {@code step} is volatile; {@code recent} is guarded by {@code this}; {@code previous} is
 * touched by the ticker thread only.
 */
final class Display implements AutoCloseable {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";
    private static final int RECENT = 8;

    private final PrintStream out;
    private final boolean terminal;
    private final LoadGenerator load;
    private final RuntimeApi socket;
    private final List<String> header;
    private final long startNanos = System.nanoTime();
    private final Deque<String> recent = new ArrayDeque<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(LoadGenerator.daemon("demo-display"));
    private volatile String step = "starting";
    private Tally previous = Tally.ZERO;
    private long previousNanos = System.nanoTime();

    Display(PrintStream out, boolean terminal, LoadGenerator load, RuntimeApi socket, List<String> header) {
        this.out = out;
        this.terminal = terminal;
        this.load = load;
        this.socket = socket;
        this.header = List.copyOf(header);
    }

    void start() {
        long period = terminal ? 1 : 2;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.SECONDS);
    }

    void step(String title) {
        step = title;
    }

    void announce(String line) {
        String stamped = "[" + elapsed() + "] " + line;
        synchronized (this) {
            recent.addLast(stamped);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        if (!terminal) {
            out.println(stamped);
            out.flush();
        }
    }

    private void draw() {
        try {
            Tally now = load.tally();
            long nowNanos = System.nanoTime();
            Tally interval = now.minus(previous);
            double seconds = Math.max(0.001, (nowNanos - previousNanos) / 1e9);
            previous = now;
            previousNanos = nowNanos;
            String counts = "requests " + now.sent() + ", failed " + now.failed() + ", "
                    + Math.round(interval.sent() / seconds) + "/s";
            if (terminal) {
                out.print(frame(counts, interval));
            } else {
                out.println("[" + elapsed() + "] " + step + " | " + counts + " | " + interval.shares());
            }
            out.flush();
        } catch (RuntimeException e) {
            // A drawing must never stop the ticker: report and draw again next time.
            out.println("[" + elapsed() + "] (display: " + e.getMessage() + ")");
        }
    }

    private String frame(String counts, Tally interval) {
        StringBuilder frame = new StringBuilder(CLEAR_SCREEN);
        header.forEach(line -> frame.append(line).append('\n'));
        frame.append('\n');
        synchronized (this) {
            recent.forEach(line -> frame.append(line).append('\n'));
        }
        frame.append("\nstep: ").append(step).append("   ").append(counts).append("\n\n");
        List<StatRow> rows;
        try {
            rows = socket.showStat();
        } catch (RuntimeApiException e) {
            return frame.append("(the balancer did not answer: ").append(e.getMessage()).append(")\n").toString();
        }
        // ctl top's own table, with each server's share of the last interval's requests appended.
        List<String> table = TopTable.render(rows);
        List<StatRow> shown = TopTable.shown(rows);
        int width = table.stream().mapToInt(String::length).max().orElse(0);
        frame.append(pad(table.get(0), width)).append("  SHARE\n");
        for (int i = 0; i < shown.size(); i++) {
            StatRow row = shown.get(i);
            String share = row.type() == StatRow.Type.SERVER && DemoWorld.BACKEND.equals(row.pxname())
                    ? interval.sharePercent(ServerRow.instanceOf(row.svname())) + "%" : "";
            frame.append(pad(table.get(i + 1), width)).append(String.format("  %5s", share).stripTrailing()).append('\n');
        }
        return frame.toString();
    }

    private static String pad(String line, int width) {
        return line + " ".repeat(width - line.length());
    }

    String elapsed() {
        return String.format("%4ds", Duration.ofNanos(System.nanoTime() - startNanos).toSeconds());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
