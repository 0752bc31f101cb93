package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bounds the shipped {@code jvm.options} give a balancer, as this JDK applies them: a JDK that
 * dropped or renamed a flag, or an edit that lost one, would grow the footprint silently (issue 18
 * measured each of these; the figures are in {@code jvm.options}).
 */
class JvmOptionsTest {
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\S+)\\s+= (\\S+)", Pattern.MULTILINE);

    @Test
    void theShippedOptionsKeepTheSerialCollectorTheBoundsAndAFrequentNativeTrim() throws Exception {
        Map<String, String> flags = finalFlags(shippedOptions());
        assertThat(flags).containsEntry("UseSerialGC", "true").containsEntry("MaxHeapSize", Long.toString(256L << 20))
                .containsEntry("InitialHeapSize", Long.toString(8L << 20));
        assertThat(Long.parseLong(flags.get("MaxMetaspaceSize"))).isLessThanOrEqualTo(128L << 20);
        assertThat(Long.parseLong(flags.get("ReservedCodeCacheSize"))).isLessThanOrEqualTo(64L << 20);
        // Under load the C2 compiler's freed arenas sit in malloc until a trim: every second, not every ten.
        assertThat(Long.parseLong(flags.get("TrimNativeHeapInterval"))).isBetween(1L, 1000L);
    }

    private static List<String> shippedOptions() throws IOException {
        try (InputStream in = JvmOptionsTest.class.getResourceAsStream("/io/ganglion/balancer/jvm.options")) {
            assertThat(in).as("jvm.options on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    /** {@code java OPTIONS -XX:+PrintFlagsFinal -version}: every flag's value as the JVM took it. */
    private static Map<String, String> finalFlags(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
        Matcher m = FLAG.matcher(out);
        return m.results().collect(Collectors.toMap(r -> r.group(1), r -> r.group(2), (a, b) -> a));
    }
}
