package io.ganglion.bench.footprint;

import io.ganglion.bench.balancers.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The processes of one sidecar, by role: the agent (the root the harness started), the bundled
 * balancer it supervises and its warm standby (told apart by {@code --standby} on the command line),
 * or, for HAProxy, the HAProxy process the harness started beside the agent.
 */
public final class SidecarRoles {
    public static final String AGENT = "agent";
    public static final String BALANCER = "balancer";
    public static final String STANDBY = "standby";

    private SidecarRoles() {
    }

    /** The agent's process and its balancers (their {@code setsid} wrapper execs in place), by role. */
    public static Map<String, Long> ofBundled(long agentPid) {
        Map<String, Long> roles = new LinkedHashMap<>();
        roles.put(AGENT, agentPid);
        ProcessHandle.of(agentPid).ifPresent(agent -> agent.descendants().forEach(child -> {
            String commandLine = commandLine(child.pid());
            if (commandLine.contains("io.ganglion.balancer.BalancerMain")) {
                roles.put(commandLine.contains("--standby") ? STANDBY : BALANCER, child.pid());
            }
        }));
        return roles;
    }

    /** Resident memory of each role's process alone, in bytes (0 for a process gone meanwhile). */
    public static Map<String, Long> rss(Map<String, Long> roles) {
        Map<String, Long> rss = new LinkedHashMap<>();
        roles.forEach((role, pid) -> rss.put(role, ProcessTree.rssBytesOf(pid)));
        return rss;
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
