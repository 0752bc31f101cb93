package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.config.StatsSocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publications deferred by commands on the control loop: they run before the answers leave, once
 * per batch however many commands asked for them, and at once when asked off the loop.
 */
class ControlLoopTest {
    private static final Source SOURCE = new Source("test.cfg", 1);

    @TempDir
    Path dir;

    private final AtomicInteger publications = new AtomicInteger();
    private final Runnable publication = publications::incrementAndGet;

    @Test
    void aPipelinedBatchOfChangesIsPublishedOnceBeforeItsAnswersLeave() throws Exception {
        try (ControlLoop control = ControlLoop.start();
                StatsSocketServer sockets = start(control)) {
            String answers = SocketClient.socatExchange(sockets.boundAddresses().get(0),
                    "change; change; change; published\n");
            // One line, so one batch: the three changes ran before "published", nothing was
            // published yet then, and the answers left after the one publication.
            assertThat(answers).isEqualTo("\n\n\n0\n\n");
            assertThat(publications.get()).isEqualTo(1);
            assertThat(SocketClient.socatExchange(sockets.boundAddresses().get(0), "published\n")).isEqualTo("1\n\n");
        }
    }

    @Test
    void offTheLoopAPublicationRunsAtOnce() {
        try (ControlLoop control = ControlLoop.start()) {
            control.publishBeforeAnswers(publication);
            control.publishBeforeAnswers(publication);
            assertThat(publications.get()).isEqualTo(2);
        }
    }

    private StatsSocketServer start(ControlLoop control) throws StatsSocketException {
        CommandRegistry registry = CommandRegistry.builder().register(CommandTable.of("test",
                CliCommand.unlisted(AccessLevel.ADMIN, CommandHandler.on(control.executor(), r -> {
                    control.publishBeforeAnswers(publication);
                    return "";
                }), "change"),
                CliCommand.unlisted(AccessLevel.ADMIN, CommandHandler.sync(r -> publications.get() + "\n"), "published")))
                .build();
        return StatsSocketServer.start(List.of(new StatsSocketSpec(dir.resolve("admin.sock"), null, 0600,
                AccessLevel.ADMIN, SOURCE)), registry, Duration.ofMinutes(1), control);
    }
}
