package io.ganglion.balancer.rules;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A measurement, not a test (run by hand, one configuration per JVM so that no other rule set's
 * code shares the JIT's profiles: {@code java OPTIONS -cp balancer/target/test-classes:balancer/target/classes:'balancer/target/lib/*'
 * io.ganglion.balancer.rules.RulesCostProbe CONFIG [REQUESTS]}): what one keep-alive request costs
 * the balancer's event loops, in thread CPU and heap bytes allocated, with the configuration's
 * rules. Two client threads of this JVM send pipelined requests to the frontend (the first
 * {@code bind} of CONFIG, a port); {@code -Dprobe.connections=8 -Dprobe.depth=1} makes it wrk's
 * keep-alive load instead (one request in flight per connection); only the loops are measured, so the client's own work and the
 * machine's other load count far less than in a wall-clock run. Comparing configurations that differ
 * by one rule gives that rule's cost per request.
 */
public final class RulesCostProbe {
    /** Requests in flight on each connection ({@code -Dprobe.depth}; 1 is wrk's keep-alive load). */
    private static final int DEPTH = Integer.getInteger("probe.depth", 8);
    /** Client connections, a thread each ({@code -Dprobe.connections}). */
    private static final int CONNECTIONS = Integer.getInteger("probe.connections", 2);
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: probe\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final java.util.concurrent.atomic.LongAdder CLIENT_CPU = new java.util.concurrent.atomic.LongAdder();

    private RulesCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String text = Files.readString(config);
        java.util.regex.Matcher bind = java.util.regex.Pattern.compile("bind 127\\.0\\.0\\.1:(\\d+)").matcher(text);
        if (!bind.find()) {
            throw new IllegalArgumentException("no 'bind 127.0.0.1:PORT' in " + config);
        }
        int port = Integer.parseInt(bind.group(1));
        Balancer balancer = Balancer.start(ConfigParser.parse(config.toString(), text));
        try {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            run(port, requests); // warm-up: the JIT compiles the path before the rounds
            run(port, requests);
            for (int round = 1; round <= 5; round++) {
                long[] ids = loopThreads(threads);
                long cpu0 = sum(threads.getThreadCpuTime(ids));
                long user0 = userTime(threads, ids);
                long bytes0 = sum(threads.getThreadAllocatedBytes(ids));
                long process0 = PROCESS.getProcessCpuTime();
                long clients0 = CLIENT_CPU.sum();
                long gcs0 = collections();
                long gcMillis0 = collectionMillis();
                long done = run(port, requests);
                long cpu = sum(threads.getThreadCpuTime(ids)) - cpu0;
                long user = userTime(threads, ids) - user0;
                long bytes = sum(threads.getThreadAllocatedBytes(ids)) - bytes0;
                // the process but this probe's clients: the loops, the collector, the JIT...
                long balancerCpu = PROCESS.getProcessCpuTime() - process0 - (CLIENT_CPU.sum() - clients0);
                System.out.printf(Locale.ROOT, "%s round %d: %.2f us of loop CPU (%.2f us user), %d B allocated per request;"
                        + " %.2f us of balancer CPU per request; %d collections, %d ms, heap %d MiB%n",
                        config.getFileName(), round, cpu / 1e3 / done, user / 1e3 / done, bytes / done, balancerCpu / 1e3 / done,
                        collections() - gcs0, collectionMillis() - gcMillis0,
                        Runtime.getRuntime().totalMemory() >> 20);
            }
        } finally {
            balancer.close();
        }
    }

    private static long[] loopThreads(com.sun.management.ThreadMXBean threads) {
        List<Long> ids = new ArrayList<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ganglion-loop")) {
                ids.add(info.getThreadId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The loops' user-mode CPU: their Java work without the system calls' kernel time. */
    private static long userTime(java.lang.management.ThreadMXBean threads, long[] ids) {
        long s = 0;
        for (long id : ids) {
            s += threads.getThreadUserTime(id);
        }
        return s;
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionCount()).sum();
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    /** {@link #CONNECTIONS} connections, each sending its share of the requests {@link #DEPTH} at a time; @return how many were answered */
    private static long run(int port, int requests) throws Exception {
        Thread[] clients = new Thread[CONNECTIONS];
        long[] answered = new long[clients.length];
        for (int c = 0; c < clients.length; c++) {
            int client = c;
            clients[c] = new Thread(() -> {
                long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                try {
                    answered[client] = client(port, requests / clients.length);
                    CLIENT_CPU.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            clients[c].start();
        }
        for (Thread t : clients) {
            t.join();
        }
        return java.util.Arrays.stream(answered).sum();
    }

    private static long client(int port, int requests) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
            byte[] burst = new byte[REQUEST.length * DEPTH];
            for (int i = 0; i < DEPTH; i++) {
                System.arraycopy(REQUEST, 0, burst, i * REQUEST.length, REQUEST.length);
            }
            long answered = 0;
            while (answered < requests) {
                out.write(burst);
                for (int i = 0; i < DEPTH; i++) {
                    readResponse(in);
                    answered++;
                }
            }
            return answered;
        }
    }

    /** Reads one response: its head, then Content-Length bytes of body. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        boolean status = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                continue;
            }
            if (line.length() == 0) {
                break;
            }
            String l = line.toString();
            if (status && !l.contains(" 200 ")) {
                throw new IOException("not a 200: " + l);
            }
            status = false;
            if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(l.substring(15).trim());
            }
            line.setLength(0);
        }
        in.readNBytes(length);
    }
}
