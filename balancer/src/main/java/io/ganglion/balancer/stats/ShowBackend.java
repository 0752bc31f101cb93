package io.ganglion.balancer.stats;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.config.ProxySection;

/** {@code show backend}: {@code # name}, then every backend (and {@code listen}) in config order. */
public final class ShowBackend {
    private ShowBackend() {
    }

    public static String answer(BalancerView balancer) {
        StringBuilder out = new StringBuilder("# name\n");
        for (ProxySection p : balancer.config().proxies()) {
            if (p.isBackend()) {
                out.append(p.name()).append('\n');
            }
        }
        return out.append('\n').toString();
    }
}
