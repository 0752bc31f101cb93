package io.ganglion.examples.run;

import java.net.InetSocketAddress;
import java.net.URI;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ProxySection;

/** Where an example's user sends a request: the first bind of a frontend. */
final class Frontends {

    private Frontends() {
    }

    /** The first frontend whose default backend is {@code backend} (any frontend when null). */
    static URI first(BalancerConfig config, String backend) {
        for (ProxySection proxy : config.proxies()) {
            if (proxy.isFrontend() && !proxy.binds().isEmpty() && (backend == null || backend.equals(proxy.defaultBackend()))) {
                InetSocketAddress address = proxy.binds().get(0).address();
                return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
            }
        }
        throw new IllegalArgumentException("no frontend" + (backend == null ? "" : " in front of " + backend));
    }
}
