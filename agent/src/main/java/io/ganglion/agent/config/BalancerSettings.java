package io.ganglion.agent.config;

/**
 * @param socket  the stats socket: a unix path or {@code host:port}
 * @param bundled the bundled balancer's config file, when the agent starts and supervises it;
 *                null for a balancer run by someone else (a real HAProxy)
 * @param bundledLog where the bundled balancer's output goes (its PID file is this name plus
 *                   {@code .pid}); defaults to the config file's name plus {@code .log}
 * @param standby    with {@code bundled}: keep a warm standby balancer process that takes over at once
 *                   when the running one dies (a cold JVM start takes seconds); default true
 */
public record BalancerSettings(String socket, String bundled, String bundledLog, Boolean standby) {

    public BalancerSettings(String socket, String bundled, String bundledLog) {
        this(socket, bundled, bundledLog, null);
    }

    public BalancerSettings {
        standby = standby == null || standby;
        if (bundledLog == null && bundled != null) {
            bundledLog = bundled + ".log";
        }
    }
}
