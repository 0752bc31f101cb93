package io.ganglion.balancer.runtime;

import io.netty.channel.Channel;

/**
 * Told of each stats socket connection as it opens, on the connection's loop, before its pipeline
 * is built: the {@code session} package lists these connections in {@code show sess} as HAProxy
 * lists its CLI streams, without this package knowing about streams.
 */
@FunctionalInterface
public interface CliConnectionListener {
    CliConnectionListener NONE = (channel, listenerId) -> {
    };

    /**
     * @param channel    the new connection
     * @param listenerId the socket's number among the {@code stats socket} lines, in configuration
     *                   order from 1 (HAProxy's listener id in its {@code GLOBAL} frontend)
     */
    void opened(Channel channel, int listenerId);
}
