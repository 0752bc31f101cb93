package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;

/**
 * A backend's server persistence ({@code stick match}, {@code stick store-request},
 * {@code stick store-response}), compiled at load by the package that owns it and kept in the
 * backend's settings under {@link #SETTING}. The stream asks it, in HAProxy's order, for the server
 * a client sticks to before load balancing, then tells it the server that took the request, then
 * shows it the response head.
 *
 * <p>Called on the stream's event loop; must not block.
 */
public interface Persistence {
    /** A backend without stick rules: nothing is looked up or stored. */
    Persistence NONE = new Persistence() {
        @Override
        public Server stickyServer(Stream stream, Backend backend) {
            return null;
        }

        @Override
        public void serverConnected(Stream stream, Server server) {
        }

        @Override
        public void responseArrived(Stream stream, Object response, Server server) {
        }
    };

    Setting<Persistence> SETTING = Setting.of("persistence", NONE);

    /** The server the stream's client sticks to in {@code backend}, if it is usable; null to load balance. */
    Server stickyServer(Stream stream, Backend backend);

    /** {@code server}'s connection for the stream is established: the request's stores are made. */
    void serverConnected(Stream stream, Server server);

    /** The response head ({@code mode http}) from {@code server}: the response's stores are made. */
    void responseArrived(Stream stream, Object response, Server server);
}
