package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * What a package puts first on a connection to a server, below the traffic or the health check:
 * the {@code tls} package's client handshake for {@code server ... ssl}. A server's layer is one
 * of its options ({@link #SETTING}), set by the package that owns it, so this package and
 * {@code check} install it without knowing TLS.
 *
 * <p>A layer may open connections for a name taken from the stream (TLS's SNI): such a connection
 * is marked with {@link #NAME} and an idle one is reused only for the same name, as HAProxy 2.6
 * hashes the SNI into its idle connections' key.
 */
public interface ServerConnectionLayer {
    /** Plain TCP: nothing installed. */
    ServerConnectionLayer NONE = new ServerConnectionLayer() {
        @Override
        public String nameFor(Stream stream, Object message) {
            return null;
        }

        @Override
        public Future<Channel> install(Channel server, InetSocketAddress target, String name, long withinMillis,
                SslProcessFigures figures) {
            return null;
        }

        @Override
        public ServerConnectionLayer forChecks(boolean checkElsewhere) {
            return this;
        }

        @Override
        public boolean worthRetrying(Throwable failure) {
            return true;
        }
    };

    /** The layer of a server's connections; {@link #NONE} unless a package's option sets one. */
    Setting<ServerConnectionLayer> SETTING = Setting.of("server connection layer", NONE);

    /** The name a connection was opened for (null for none): an idle connection serves the same name only. */
    AttributeKey<String> NAME = AttributeKey.valueOf("ganglion.server-connection-name");

    /** The name a connection for this stream is opened for (TLS: the SNI), or null. */
    String nameFor(Stream stream, Object message);

    /**
     * Adds the layer's handlers first on a new server connection's pipeline (before it connects).
     *
     * @param target       the address it connects to
     * @param name         what {@link #nameFor} gave, or null (a health check)
     * @param withinMillis how long the layer may take to get ready (the connect timeout); 0 for its own default
     * @param figures where process-wide handshakes are counted, or null not to count
     * @return completes when the layer is ready to carry bytes (the handshake done), failed when it
     *         never will; null when there is nothing to wait for
     */
    Future<Channel> install(Channel server, InetSocketAddress target, String name, long withinMillis,
            SslProcessFigures figures);

    /**
     * The layer the server's health checks run over ({@link #NONE} for plain ones).
     *
     * @param checkElsewhere the checks have their own {@code port} or {@code addr}
     */
    ServerConnectionLayer forChecks(boolean checkElsewhere);

    /** Whether a connection that failed with {@code failure} may succeed if tried again ({@code retries}). */
    boolean worthRetrying(Throwable failure);
}
