package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;

/**
 * What a package puts first on an accepted connection, before the counters and the session: the
 * {@code tls} package's handshake on a {@code bind ... ssl} listener. The session above it then
 * reads and writes clear bytes, and counts them as HAProxy counts its streams' bytes. Set once at
 * start ({@link FrontendListener#setConnectionLayer}); it looks up per listener what to install.
 */
@FunctionalInterface
public interface ConnectionLayer {
    ConnectionLayer NONE = (frontend, listener, client, startSession) -> startSession.run();

    /**
     * Adds its handlers to {@code client}'s empty pipeline, on the connection's event loop, and
     * runs {@code startSession} when the connection is ready for it (at once without a layer of its
     * own; after the handshake for TLS, and never if the handshake fails). {@code startSession}
     * adds the session's handlers; the channel is already active then, so the layer fires
     * {@code channelActive} again for them.
     */
    void install(Frontend frontend, BoundListener listener, Channel client, Runnable startSession);
}
