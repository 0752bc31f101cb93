package io.ganglion.agent.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM options a Ganglion process runs with: one a line in a {@code jvm.options} resource
 * ({@code #} starts a comment), as the {@code ./ganglion} launcher reads the same file. An override
 * (an environment variable), when set, replaces the file rather than adding to it, so an operator
 * who sets it sees exactly what runs.
 */
public final class JvmOptions {
    /** The bundled balancer's (and its warm standby's) options. */
    public static final String BALANCER = "io/ganglion/balancer/jvm.options";
    /** The agent's options. */
    public static final String AGENT = "io/ganglion/agent/jvm.options";

    private static final Logger log = LoggerFactory.getLogger(JvmOptions.class);

    private JvmOptions() {
    }

    /**
     * The override's words when it is set and not blank, else the resource's options; none (the
     * JVM's defaults, with a warning) when the resource is missing: the process still runs.
     */
    public static List<String> of(String resource, String override) {
        if (override != null && !override.isBlank()) {
            return List.of(override.strip().split("\\s+"));
        }
        // Read by name: the agent does not link against the balancer, whose file is in its jar.
        try (InputStream in = JvmOptions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                log.warn("{} is not on the classpath; starting the JVM with its defaults", resource);
                return List.of();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot read {} ({}); starting the JVM with its defaults", resource, e.getMessage());
            return List.of();
        }
    }

    static List<String> parse(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
