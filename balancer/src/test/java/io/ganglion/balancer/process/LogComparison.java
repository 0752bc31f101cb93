package io.ganglion.balancer.process;

import io.ganglion.balancer.testing.Ports;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The common part of the tests that compare access log lines with HAProxy's: a configuration
 * template whose frontends ({@code PORT_name}) and server ({@code SERVER_PORT}) take free ports, a
 * frontend {@code ready} that logs nothing and tells when the proxy listens, and traffic sent to
 * one frontend after the other, each once the previous one's lines were logged (a proxy ends a
 * connection a moment after its client saw the end of it).
 */
final class LogComparison {
    /** The frontend probed until the proxy listens. */
    static final String READY = "ready";

    /**
     * The end of every template: the backends {@code be_http} and {@code be_tcp} (one server each,
     * the test's), and the {@code ready} frontend, in a section that logs nothing (an HTTP
     * connection that sent nothing ends without a line anyway).
     */
    static final String BACKENDS_AND_READY = """
            backend be_http
                server s1 127.0.0.1:SERVER_PORT
            backend be_tcp
                mode tcp
                server s1 127.0.0.1:SERVER_PORT
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend ready
                bind 127.0.0.1:PORT_ready
            """;

    private LogComparison() {
    }

    /** Where a proxy's log lines are read from (its output so far). */
    interface Output {
        String read() throws IOException;
    }

    /** The traffic for one frontend. */
    interface Traffic {
        /** @return how many lines it makes the frontend log */
        int send(String frontend, int port) throws IOException;
    }

    /** A free port for each frontend, and one for {@link #READY}. */
    static Map<String, Integer> freePorts(List<String> frontends) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        frontends.forEach(f -> ports.put(f, Ports.free()));
        ports.put(READY, Ports.free());
        return ports;
    }

    static String config(String template, Map<String, Integer> ports, int serverPort) {
        String text = template.replace("SERVER_PORT", Integer.toString(serverPort));
        for (var e : ports.entrySet()) {
            text = text.replace("PORT_" + e.getKey() + "\n", e.getValue() + "\n");
        }
        return text;
    }

    /** Sends {@code traffic} to each frontend in turn; the lines of {@code output} that {@code line} matches. */
    static List<String> logged(Map<String, Integer> ports, List<String> frontends, Traffic traffic, Output output,
                               Pattern line) throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> BalancerProcess.accepts(ports.get(READY)));
        int expected = 0;
        for (String frontend : frontends) {
            expected += traffic.send(frontend, ports.get(frontend));
            int lines = expected;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines(output.read(), line).size() >= lines);
        }
        return lines(output.read(), line);
    }

    private static List<String> lines(String output, Pattern line) {
        return output.lines().filter(l -> line.matcher(l).matches()).toList();
    }
}
