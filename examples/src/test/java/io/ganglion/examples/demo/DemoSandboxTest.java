package io.ganglion.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Acceptance 2: while the demo runs, the {@code socat} line it prints works, and a
 * {@code set server ... state drain} sent through it takes the server's share to zero.
 */
class DemoSandboxTest {

    private static final Pattern SOCAT_LINE = Pattern.compile("^try it: +(echo \"show stat\" \\| socat stdio \\S+)$");
    private static final Pattern SOCKET = Pattern.compile("^admin socket: +(\\S+)$");

    @Test
    void aDrainSentThroughThePrintedSocatLineTakesTheServersShareToZero() throws Exception {
        CapturedOutput output = new CapturedOutput();
        DemoMain demo = new DemoMain(output.stream, false);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> DemoMain.run(demo, new String[] {"--no-story", "--duration", "120"}, new PrintStream(System.err, true)));
        try {
            await("three instances share the load").atMost(Duration.ofSeconds(120)).until(() ->
                    output.lines().stream().anyMatch(line -> line.matches(".*\\| web-1 3\\d% web-2 3\\d% web-3 3\\d%$")));
            String socatLine = output.find(SOCAT_LINE).orElseThrow();
            String socket = output.find(SOCKET).orElseThrow();

            String stat = shell(socatLine);
            assertThat(stat).startsWith("# pxname,svname,").contains("be_demo,g-web-1_127.0.0.1:");
            String web1 = stat.lines().map(line -> line.split(",")).filter(f -> f[1].startsWith("g-web-1_"))
                    .map(f -> f[1]).findFirst().orElseThrow();

            int linesBefore = output.lines().size();
            assertThat(shell("echo \"set server be_demo/" + web1 + " state drain\" | socat stdio " + socket)).isBlank();
            await("web-1 drops out of the shares").atMost(Duration.ofSeconds(60)).until(() -> {
                List<String> after = output.lines().subList(linesBefore, output.lines().size());
                return after.stream().anyMatch(line -> line.matches(".*\\| web-2 \\d+% web-3 \\d+%$"));
            });
        } finally {
            demo.stopAll();
        }
        assertThat(exit.get(60, TimeUnit.SECONDS)).as("exit; output:\n%s", output).isZero();
        List<String> lines = output.lines();
        assertThat(lines.get(lines.size() - 1)).matches("requests: [1-9][0-9]*, failed: 0");
    }

    /** Runs a command line the way a user pastes it into a shell. */
    static String shell(String commandLine) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", commandLine).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(commandLine + ": " + text).isZero();
        return text;
    }

}
