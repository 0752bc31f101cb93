package io.ganglion.agent.config;

/**
 * @param socket  the stats socket: a unix path or {@code host:port}
 * @param bundled the bundled balancer's config file, when the agent starts and supervises it;
 *                null for a balancer run by someone else (a real HAProxy)
 */
public record BalancerSettings(String socket, String bundled) {
}
