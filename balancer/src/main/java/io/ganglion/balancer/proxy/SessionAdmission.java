package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;

/**
 * What a frontend's session reports once the {@code tcp-request connection} rules have judged its
 * connection (at once when the frontend has none). HAProxy 2.6 counts every accepted connection in
 * {@code conn_tot}, {@code conn_rate}, {@code ConnRate} and {@code scur}/{@code smax}, before the
 * rules; only one they let through is a session ({@code stot}, {@code rate}, {@code SessRate},
 * {@code maxsessrate}), and one they refuse is a denied connection ({@code dcon}), of the frontend
 * and of its listener's row. Measured with {@code tcp-request connection reject if { src 127.0.0.1 }}:
 * 20 connections gave {@code conn_tot} 20, {@code dcon} 20, {@code stot} 0, {@code SessRate} 0.
 *
 * <p>Ganglion runs the rules once a {@code bind ... ssl} connection's handshake is done, HAProxy
 * before it: on such a frontend with rules, a connection whose handshake fails is no session here,
 * where HAProxy counts one in {@code SessRate} (a frontend without rules counts it at the accept).
 *
 * <p>One per {@link FrontendListener}, shared by its connections; called on the connection's event loop.
 */
public interface SessionAdmission {
    /**
     * The rules let {@code client} through: a session.
     *
     * @param judged whether the frontend had rules to run: without them the listener counted the
     *               process-wide session at the accept already
     */
    void accepted(Frontend frontend, Channel client, boolean judged);

    /** The rules refused {@code client}, which is closed without becoming a session. */
    void refused(Frontend frontend, Channel client);
}
