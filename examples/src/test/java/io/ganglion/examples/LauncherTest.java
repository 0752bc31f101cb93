package io.ganglion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5 and the launcher's contract, by running {@code ./ganglion} with bash. The script
 * runs on this test's classpath ({@code GANGLION_CLASSPATH}), so no build starts inside the build.
 */
class LauncherTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    record Run(int exit, String out, String err) {
    }

    @Test
    void noCommandOrAnUnknownOnePrintsUsageAndExits2() throws Exception {
        Run none = ganglion();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: ganglion COMMAND");

        Run unknown = ganglion("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("ganglion: unknown command 'frobnicate'").contains("Usage: ganglion COMMAND");
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Run help = ganglion("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: ganglion COMMAND").contains("  balancer ").contains("  agent ")
                .contains("  ctl ").contains("  demo ").contains("  example NAME ").contains("  test ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"balancer", "agent", "ctl", "demo", "example"})
    void everyCommandHasHelpAndABadFlagIsAUsageError(String command) throws Exception {
        Run help = ganglion(command, "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: ").contains("--help").doesNotContain("stopping (signal)");

        Run bad = ganglion(command, "--no-such-flag");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("Usage: ");
        assertThat(bad.out() + bad.err()).doesNotContain("ganglion: building");
    }

    private static Run ganglion(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("ganglion").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().put("GANGLION_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("GANGLION_JAVA_OPTS", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
        Process process = builder.start();
        // Small outputs: read one stream after the other without risk of filling a pipe.
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
