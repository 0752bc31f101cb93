package io.ganglion.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.reconcile.Held;
import io.ganglion.agent.reconcile.Plan;
import io.ganglion.agent.reconcile.PolicyMemory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an operator reads when the agent holds something back: news once, warnings only for trouble. */
class DecisionLogTest {
    private static final Instant START = Instant.parse("2026-12-02T22:00:00Z");
    private static final Plan WAITING = plan(new Held("be_api", "*", "never-answered",
            "the registry has not answered since the agent started: nothing is added or removed"));
    private static final Plan STALE = plan(new Held("be_api", "*", "stale", "the registry is unreachable"));
    private static final Plan NOTHING_HELD = plan();

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DecisionLog.class);
    private final DecisionLog log = new DecisionLog(new AuditTrail(10));

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void waitingForTheFirstAnswerIsTheNormalStartAndWarnsOnlyWhenItLasts() {
        log.record("api", "be_api", WAITING, START);
        log.record("api", "be_api", WAITING, START.plusSeconds(1));
        assertThat(levels()).containsExactly(Level.INFO);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("be_api (api): waiting for the registry's first answer; nothing is added or removed until then");

        log.record("api", "be_api", WAITING, START.plus(DecisionLog.FIRST_ANSWER_PATIENCE));
        log.record("api", "be_api", WAITING, START.plusSeconds(60));
        assertThat(levels()).containsExactly(Level.INFO, Level.WARN);
        assertThat(lines.list.get(1).getFormattedMessage()).endsWith("nothing is added or removed (for 10 s)");
    }

    @Test
    void aFirstAnswerInTimeLeavesNoWarning() {
        log.record("api", "be_api", WAITING, START);
        log.record("api", "be_api", NOTHING_HELD, START.plusSeconds(1));
        log.record("api", "be_api", NOTHING_HELD, START.plusSeconds(30));
        assertThat(levels()).containsExactly(Level.INFO, Level.INFO);
    }

    @Test
    void otherRulesWarnOnceWhenTheyStart() {
        log.record("api", "be_api", STALE, START);
        log.record("api", "be_api", STALE, START.plusSeconds(30));
        assertThat(levels()).containsExactly(Level.WARN);
    }

    private List<Level> levels() {
        return lines.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    private static Plan plan(Held... held) {
        return new Plan(List.of(), List.of(held), List.of(), PolicyMemory.EMPTY, false);
    }
}
