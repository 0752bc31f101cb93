package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One run of the harness from a test, as {@code ./ganglion bench ARGS} would run it: its exit code
 * and everything it printed, with the table's rows looked up by section and metric.
 */
record HarnessRun(int exitCode, String console) {
    /** A figure as the table prints it: 0.412, -3, 12.3, 85.2k, 1.25M (one run: no spread). */
    private static final String FIGURE = "-?[0-9][0-9.]*[kM]?";

    /** Skips the test where one of {@code commands} (a load tool, HAProxy) is not on the PATH. */
    static void assumeInstalled(String... commands) {
        for (String command : commands) {
            assumeTrue(Tools.find(command).isPresent(),
                    command + " is not installed (apt-get install -y " + command + "): smoke test skipped");
        }
    }

    static HarnessRun of(String... args) {
        // Under Maven the JVM's own classpath is a launcher jar; the children (balancer, agent) need the real one.
        String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        System.setProperty("ganglion.bench.classpath", testClasspath);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode = BenchMain.execute(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return new HarnessRun(exitCode, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The table's row of {@code metric} in {@code section}; fails with the whole output when there is none. */
    String row(String section, String metric) {
        return console.lines()
                .filter(l -> l.startsWith(section + " ") && l.substring(section.length()).trim().startsWith(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + section + " / " + metric + "' in:\n" + console));
    }

    /**
     * Each of these rows of {@code section} has a figure for both balancers and none for the direct
     * run (their ratio is left out: a figure of 0, a load's CPU under the clock's tick, has none).
     */
    void assertMeasuredOnBothBalancers(String section, String... metrics) {
        for (String metric : metrics) {
            assertThat(row(section, metric)).as(console).matches(".*" + Pattern.quote(metric) + "\\s+\\S+\\s+"
                    + FIGURE + "\\s+" + FIGURE + "\\s+-(\\s.*)?");
        }
    }

    /** Each of these rows of {@code section} has a figure for the bundled balancer only (a JVM's own measure). */
    void assertMeasuredOnGanglionOnly(String section, String... metrics) {
        for (String metric : metrics) {
            assertThat(row(section, metric)).as(console).matches(".*" + Pattern.quote(metric) + "\\s+\\S+\\s+"
                    + FIGURE + "\\s+-\\s+-\\s+-(\\s.*)?");
        }
    }
}
