package io.ganglion.agent.config;

/**
 * @param socket  the stats socket: a unix path or {@code host:port}
 * @param bundled the bundled balancer's config file, when the agent starts and supervises it;
 *                null for a balancer run by someone else (a real HAProxy)
 * @param bundledLog where the bundled balancer's output goes (its PID file is this name plus
 *                   {@code .pid}); defaults to the config file's name plus {@code .log}
 * @param standby    with {@code bundled}: keep a warm standby balancer process that takes over at once
 *                   when the running one dies; default false: a cold restart met the agent's 2-second
 *                   takeover on a quiet 2-core machine (0.7-1.0 s, issue 18), and the standby costs a
 *                   second JVM (75-92 MiB); on a host loaded beyond its cores a cold start takes seconds
 *                   (3.6-8 s at load 22), the standby 0.3-0.9 s
 */
public record BalancerSettings(String socket, String bundled, String bundledLog, Boolean standby) {

    public BalancerSettings(String socket, String bundled, String bundledLog) {
        this(socket, bundled, bundledLog, null);
    }

    public BalancerSettings {
        standby = standby != null && standby;
        if (bundledLog == null && bundled != null) {
            bundledLog = bundled + ".log";
        }
    }
}
