package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ganglion.agent.execute.Executor;
import io.ganglion.agent.status.AgentMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, item 7: an instance whose host does not resolve. The bundled balancer refuses to add it,
 * and the agent retries with back-off; it warns once, not at every retry (again only when the
 * refusal changes, or after minutes of the same one).
 */
class UnresolvableHostTest {

    @Test
    void anUnresolvableInstanceHostWarnsOnceWhileItsAdditionIsRetried(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> executorLog = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Executor.class);
        executorLog.start();
        logger.addAppender(executorLog);
        try (World world = World.start(new BundledTarget(), dir, "b1")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.registerRaw("lost", "{\"host\":\"no-such-host.invalid\",\"port\":8080,\"name\":\"lost\"}"
                    .getBytes(StandardCharsets.UTF_8));
            world.startAgent();
            AgentMetrics metrics = world.agent.metrics();

            await("refused and retried three times").atMost(E2e.GENEROUS)
                    .until(() -> metrics.count("ganglion_actions_total", "kind", "add", "result", "refused") >= 3);
            await("the resolvable one is served").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").containsKey(world.serverName("b1")));

            List<String> warnings = executorLog.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("no-such-host.invalid"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).singleElement().asString().contains("could not resolve address 'no-such-host.invalid'");
        } finally {
            logger.detachAppender(executorLog);
        }
    }
}
