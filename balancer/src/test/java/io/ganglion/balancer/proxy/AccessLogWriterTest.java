package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LogTarget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer sleeps when nothing is queued and the event loops wake it without a lock: no line may
 * wait for a wake-up that never comes, none is lost, and each thread's lines keep their order.
 */
class AccessLogWriterTest {
    private static final int LINES_PER_THREAD = 20_000;

    @Test
    void linesOfConcurrentWritersAllArriveInTheirOrderAlsoAfterTheWriterSlept() throws Exception {
        List<LogTarget> targets = ConfigParser.parse("log.cfg", """
                global
                    log stdout format raw daemon
                """).global().logs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AccessLog log = new AccessLog(targets, t -> out, 1)) {
            Thread a = new Thread(() -> writeMany(log, "a"));
            Thread b = new Thread(() -> writeMany(log, "b"));
            a.start();
            b.start();
            a.join();
            b.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == 2 * LINES_PER_THREAD);
            assertThat(lines(out).stream().filter(l -> l.startsWith("a")).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, LINES_PER_THREAD).mapToObj(i -> "a" + i).toList());
            assertThat(lines(out).stream().filter(l -> l.startsWith("b")).toList()).hasSize(LINES_PER_THREAD);
            assertThat(log.droppedLines()).isZero();

            // Nothing queued now: the writer goes to sleep, and one more line must wake it.
            for (int i = 0; i < 3; i++) {
                String late = "late" + i;
                log.write(late);
                await().atMost(Duration.ofSeconds(5)).until(() -> lines(out).contains(late));
            }
        }
    }

    private static void writeMany(AccessLog log, String prefix) {
        for (int i = 0; i < LINES_PER_THREAD; i++) {
            log.write(prefix + i);
        }
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
