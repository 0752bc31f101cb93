package io.ganglion.balancer.config;

import java.time.Duration;

/**
 * A {@code server NAME ADDR:PORT [options]} line (also what {@code add server} parses at run time).
 *
 * @param weight    0..256, 1 by default
 * @param check     active health checks enabled ({@code check})
 * @param inter     time between two checks, 2s by default
 * @param rise      consecutive successful checks to go UP, 2 by default
 * @param fall      consecutive failed checks to go DOWN, 3 by default
 * @param checkPort port the checks connect to ({@code port}); 0 = the server's port
 * @param maxconn   concurrent connections before requests queue; 0 = no limit
 * @param backup    used only when no non-backup server is usable
 * @param disabled  starts in maintenance
 * @param slowstart ramp-up time of the weight after the server comes UP; null = none
 * @param agent     the agent check ({@link AgentSpec#NONE} without {@code agent-check})
 * @param track     {@code track [BACKEND/]SERVER}: the server whose check state this one follows; null = none
 */
public record ServerSpec(
        String name,
        String host,
        int port,
        int weight,
        boolean check,
        Duration inter,
        int rise,
        int fall,
        int checkPort,
        int maxconn,
        boolean backup,
        boolean disabled,
        Duration slowstart,
        Source source,
        AgentSpec agent,
        String track) {

    /** A server without agent check nor tracking. */
    public ServerSpec(String name, String host, int port, int weight, boolean check, Duration inter, int rise, int fall,
                      int checkPort, int maxconn, boolean backup, boolean disabled, Duration slowstart, Source source) {
        this(name, host, port, weight, check, inter, rise, fall, checkPort, maxconn, backup, disabled, slowstart, source,
                AgentSpec.NONE, null);
    }

    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 256;
    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;

    /** The interval of the agent check: {@code agent-inter}, else {@code inter}. */
    public Duration agentInter() {
        return agent.inter() != null ? agent.inter() : inter;
    }
}
