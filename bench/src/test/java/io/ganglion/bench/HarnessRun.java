package io.ganglion.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the harness from a test, as {@code ./ganglion bench ARGS} would run it: its exit code
 * and everything it printed, with the table's rows looked up by section and metric.
 */
record HarnessRun(int exitCode, String console) {

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
}
