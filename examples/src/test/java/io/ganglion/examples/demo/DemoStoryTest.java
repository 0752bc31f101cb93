package io.ganglion.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole demo for real, as CI runs it: output not a terminal, a 30-second story. Everything is
 * real: ZooKeeper, the instances and their Nerves, the agent, the bundled balancer as its own
 * process, HTTP load through it.
 */
class DemoStoryTest {

    private static final Pattern PROGRESS =
            Pattern.compile("^\\[\\s*\\d+s] .+ \\| requests \\d+, failed (\\d+), \\d+/s \\| .+$");
    private static final Pattern LAST_LINE = Pattern.compile("^requests: (\\d+), failed: (\\d+)$");

    @Test
    void playsTheWholeStoryWithPlainProgressLinesAndEndsWithTheCountsLine() {
        CapturedOutput output = new CapturedOutput();
        ListAppender<ILoggingEvent> agentDecisions = new ListAppender<>();
        Logger decisionLog = (Logger) LoggerFactory.getLogger("io.ganglion.agent.execute.DecisionLog");
        agentDecisions.start();
        decisionLog.addAppender(agentDecisions);
        int exit;
        try {
            exit = DemoMain.run(new DemoMain(output.stream, false), new String[] {"--duration", "30"},
                    new PrintStream(System.err, true));
        } finally {
            decisionLog.detachAppender(agentDecisions);
        }
        List<String> lines = output.lines();
        // the agent's warnings are those the story announces, none from its start or its stop
        assertThat(agentDecisions.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .allMatch(m -> m.contains("operator override kept until released") || m.contains("policy rule 'stale'"));
        assertThat(lines).anyMatch(line -> line.startsWith("agent log:      its WARN lines below are decisions"));

        assertThat(exit).as("exit code; output:\n%s", output).isZero();
        assertThat(lines).as("no redrawing without a terminal").noneMatch(line -> line.contains("\033["));
        assertThat(lines).anyMatch(line -> line.startsWith("admin socket:   /"))
                .anyMatch(line -> line.startsWith("agent status:   http://127.0.0.1:"))
                .anyMatch(line -> line.matches("try it: +echo \"show stat\" \\| socat stdio /.+/admin\\.sock"));
        for (String step : List.of("step 1: scale out", "step 2: health check fails", "step 3: drain for a deploy",
                "step 4: deploy done", "step 5: canary at ~10%", "step 6: ZooKeeper outage", "step 7: recovery")) {
            assertThat(lines).as("announced: " + step).anyMatch(line -> line.contains(step));
        }
        assertThat(lines).anyMatch(line -> line.contains("the balancer's servers did not change during the outage"));
        assertThat(lines.stream().filter(line -> PROGRESS.matcher(line).matches()))
                .as("plain progress lines").hasSizeGreaterThan(5)
                .allMatch(line -> line.contains("failed 0,"));
        assertThat(lines).contains("== summary").noneMatch(line -> line.contains("did not converge"));

        Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as("last line: " + lines.get(lines.size() - 1)).isTrue();
        assertThat(Long.parseLong(last.group(1))).isPositive();
        assertThat(last.group(2)).isEqualTo("0");
    }

    @Test
    void aDurationUnderTenSecondsIsAUsageError() {
        CapturedOutput output = new CapturedOutput();
        CapturedOutput errors = new CapturedOutput();
        int exit = DemoMain.run(new DemoMain(output.stream, false), new String[] {"--duration", "3"}, errors.stream);
        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString()).contains("--duration must be 10 seconds or more").contains("Usage: ganglion demo");
    }
}
