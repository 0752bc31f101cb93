package io.ganglion.examples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeApiException;

/**
 * What the demo shows while it runs. On a terminal: the live table ({@code ctl top}'s columns for
 * the demo's servers, plus each one's share of the last second's requests), redrawn in place every
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
        List<ServerRow> rows;
        try {
            rows = ServerRow.of(socket);
        } catch (RuntimeApiException e) {
            return frame.append("(the balancer did not answer: ").append(e.getMessage()).append(")\n").toString();
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAME", "STATUS", "WEIGHT", "CUR", "RATE", "TOTAL", "CHECK", "SHARE"});
        for (ServerRow row : rows) {
            cells.add(new String[] {row.server(), row.status(), Long.toString(row.weight()),
                    Long.toString(row.stat().scur()), Long.toString(row.stat().rate()), Long.toString(row.stat().stot()),
                    row.stat().checkStatus(), interval.sharePercent(row.instance()) + "%"});
        }
        int[] widths = new int[cells.get(0).length];
        cells.forEach(line -> {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        });
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                frame.append(String.format("%-" + widths[c] + "s  ", line[c]));
            }
            frame.append('\n');
        }
        return frame.toString();
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
