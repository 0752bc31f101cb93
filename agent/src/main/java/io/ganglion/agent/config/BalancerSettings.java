package io.ganglion.agent.config;

/**
 * @param socket  the stats socket: a unix path or {@code host:port}
 * @param bundled the bundled balancer's config file, when the agent starts and supervises it;
 *                null for a balancer run by someone else (a real HAProxy)
 * @param bundledLog where the bundled balancer's output goes (its PID file is this name plus
 *                   {@code .pid}); defaults to the config file's name plus {@code .log}
 */
public record BalancerSettings(String socket, String bundled, String bundledLog) {

    public BalancerSettings {
        if (bundledLog == null && bundled != null) {
            bundledLog = bundled + ".log";
        }
    }
}
