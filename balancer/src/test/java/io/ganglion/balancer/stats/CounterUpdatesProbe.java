package io.ganglion.balancer.stats;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A measurement, not a test (run by hand: {@code java -cp balancer/target/test-classes:balancer/target/classes:'balancer/target/lib/*'
 * io.ganglion.balancer.stats.CounterUpdatesProbe [REQUESTS]}): the thread CPU that the counter
 * updates of one keep-alive HTTP request take when two event loops make them at once on the same
 * frontend, backend and server, as under {@code bench http}. Run against an older build's classes
 * to compare (the probe only calls the counters' public methods).
 */
public final class CounterUpdatesProbe {
    private static final TrafficCounters FRONTEND = new TrafficCounters();
    private static final TrafficCounters BACKEND = new TrafficCounters();
    private static final TrafficCounters SERVER = new TrafficCounters();
    private static final H1Counters FRONTEND_H1 = new H1Counters();
    private static final H1Counters BACKEND_H1 = new H1Counters();

    private CounterUpdatesProbe() {
    }

    /** What HttpSession, ServerDispatch and ServerRelay count for one request reusing a server connection. */
    private static void oneRequest() {
        FRONTEND.bytesIn(100);
        FRONTEND_H1.bytesIn(100);
        FRONTEND_H1.streamOpened();
        FRONTEND.requestReceived();
        BACKEND.requestReceived();
        BACKEND.sessionStarted();
        BACKEND.selected(0);
        SERVER.selected(0);
        BACKEND.reused();
        SERVER.reused();
        SERVER.sessionStarted();
        SERVER.requestReceived();
        BACKEND.bytesIn(100);
        SERVER.bytesIn(100);
        BACKEND_H1.bytesOut(100);
        BACKEND_H1.bytesIn(200);
        FRONTEND.bytesOut(200);
        FRONTEND_H1.bytesOut(200);
        BACKEND.bytesOut(200);
        SERVER.bytesOut(200);
        FRONTEND.response(200);
        BACKEND.response(200);
        SERVER.response(200);
        SERVER.responseTime(1);
        SERVER.totalTime(1);
        BACKEND.responseTime(1);
        BACKEND.totalTime(1);
        SERVER.sessionEnded();
        BACKEND.sessionEnded();
        FRONTEND_H1.streamClosed();
    }

    /**
     * The same two loop threads throughout, as a balancer's, with a full collection before each
     * round: a collection moves the counters' cells, and where it puts them decides whether the two
     * loops write the same cache line (LoopCounter's blocks).
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = 7;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] cpu = new long[rounds][2];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
        java.util.concurrent.CyclicBarrier end = new java.util.concurrent.CyclicBarrier(3);
        Thread[] loops = new Thread[2];
        for (int i = 0; i < loops.length; i++) {
            int loop = i;
            // FastThreadLocalThreads, as Netty's event loops: LoopCounter gives them cells of their own
            loops[i] = new FastThreadLocalThread(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        start.await();
                        long t0 = threads.getCurrentThreadCpuTime();
                        for (int n = 0; n < requests; n++) {
                            oneRequest();
                        }
                        cpu[round][loop] = threads.getCurrentThreadCpuTime() - t0;
                        end.await();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            loops[i].start();
        }
        for (int round = 0; round < rounds; round++) {
            System.gc();
            start.await();
            end.await();
            System.out.printf(Locale.ROOT, "round %d: %.0f ns of thread CPU per request%s%n", round + 1,
                    (cpu[round][0] + cpu[round][1]) / (2.0 * requests), round < 2 ? " (warm-up)" : "");
        }
        for (Thread t : loops) {
            t.join();
        }
    }
}
