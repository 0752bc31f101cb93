package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.ProxySection;
import java.util.List;
import java.util.Map;

/** The checks HAProxy 2.6 makes on a proxy's page once the whole file is read, in its words. */
public final class StatsPageChecks {
    private StatsPageChecks() {
    }

    public static List<ConfigCheck> all() {
        return List.of(StatsPageChecks::check);
    }

    private static void check(List<ProxySection> proxies, Map<String, ProxySection> backends, List<Problem> problems) {
        for (ProxySection p : proxies) {
            StatsPageSettings page = p.get(StatsPageSettings.SETTING);
            if (page == null) {
                continue;
            }
            // 'stats auth' and 'stats realm' stand for an auth rule: HAProxy will not mix them with written rules
            boolean implicitAuth = !page.users().isEmpty() || !page.realm().equals(StatsPageSettings.DEFAULT_REALM);
            if (implicitAuth && !page.rules().isEmpty()) {
                problems.add(Problem.alert(null, "proxy '" + p.name()
                        + "': stats 'auth'/'realm' and 'http-request' can't be used at the same time."));
            }
            if (p.mode() != ProxyMode.HTTP) {
                problems.add(Problem.warning(null, "'stats' statement ignored for proxy '" + p.name()
                        + "' as it requires HTTP mode."));
            }
        }
    }
}
