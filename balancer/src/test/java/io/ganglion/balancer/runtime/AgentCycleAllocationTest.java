package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent's cycle costs the control thread in heap: over one prompt session, the read of
 * the backend ({@code show servers state B}, {@code show stat B 4 -1}), then the next server
 * added and made ready, the previous one put in maintenance and deleted (as the agent sends them
 * in {@code bench converge}). A figure the machine's load does not change, unlike CPU time. The
 * thread that runs the agent's commands is the one a registry change waits for: every kilobyte
 * there is CPU, and collections that stop the event loops too (issue 18's convergence tail). Each
 * short answer took a 17 kB piece buffer, each command's words copied the rest of the line per
 * word, and each command lookup made an iterator per candidate: 70 kB a cycle.
 */
class AgentCycleAllocationTest {
    private static final int WARM_UP = 300;
    private static final int MEASURED = 100;

    @TempDir
    Path dir;

    @Test
    void theAgentsCycleCostsTheControlThreadLittleHeap() throws Exception {
        Path socket = dir.resolve("admin.sock");
        String config = "global\n    stats socket " + socket + " level admin\n"
                + RunningBalancer.httpTopology("", "    balance roundrobin\n");
        try (RunningBalancer lb = RunningBalancer.start(config);
             SocketClient session = SocketClient.connect(UnixDomainSocketAddress.of(socket))) {
            session.send("prompt\n");
            session.readUntil("\n> ");
            for (int cycle = 0; cycle < WARM_UP; cycle++) {
                cycle(session, cycle);
            }
            long before = controlLoopAllocatedBytes(lb);
            for (int cycle = WARM_UP; cycle < WARM_UP + MEASURED; cycle++) {
                cycle(session, cycle);
            }
            long perCycle = (controlLoopAllocatedBytes(lb) - before) / MEASURED;

            assertThat(perCycle).as("bytes the control thread allocates per agent cycle").isLessThan(30_000);
        }
    }

    /** One cycle, answered in full before it returns (two round trips, as the agent makes them). */
    private static void cycle(SocketClient session, int n) throws Exception {
        session.send("show servers state be\nshow stat be 4 -1\n");
        String read = readAnswers(session, 2);
        assertThat(read).contains("# be_id be_name srv_id");
        String added = "be/s" + n;
        StringBuilder batch = new StringBuilder("add server " + added + " 127.0.0.1:9 weight 1\n")
                .append("set server ").append(added).append(" state ready\n");
        int answers = 2;
        if (n > 0) {
            String previous = "be/s" + (n - 1);
            batch.append("set server ").append(previous).append(" state maint\n")
                    .append("del server ").append(previous).append('\n');
            answers = 4;
        }
        session.send(batch.toString());
        assertThat(readAnswers(session, answers)).contains("New server registered.").doesNotContain("rror");
    }

    /** Reads until {@code count} prompts have come back, each ending one answer (several may come in one read). */
    private static String readAnswers(SocketClient session, int count) throws Exception {
        StringBuilder all = new StringBuilder();
        while (prompts(all) < count) {
            all.append(session.readUntil("\n> "));
        }
        return all.toString();
    }

    private static int prompts(CharSequence text) {
        int prompts = 0;
        for (int i = text.toString().indexOf("\n> "); i >= 0; i = text.toString().indexOf("\n> ", i + 1)) {
            prompts++;
        }
        return prompts;
    }

    private static long controlLoopAllocatedBytes(RunningBalancer lb) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return lb.balancer().control().submit(threads::getCurrentThreadAllocatedBytes).get();
    }
}
