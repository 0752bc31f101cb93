package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.rules.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's statistics page as its {@code stats} lines set it up. Any {@code stats} line but
 * {@code stats socket} enables the page, at HAProxy's defaults: {@code /haproxy?stats}, realm
 * {@code HAProxy Statistics}, no refresh, no authentication, no admin. Immutable: each line makes a
 * new one.
 *
 * @param uri          the prefix of the URIs the page answers
 * @param refreshSeconds the {@code refresh} header's value, 0 for none
 * @param realm        the Basic realm of the 401, as written
 * @param users        the {@code user:password} accounts of {@code stats auth}, empty for none
 * @param admin        the {@code stats admin} condition, null when the form is off
 * @param hideVersion  {@code stats hide-version}
 * @param showLegends  {@code stats show-legends}
 * @param node         the {@code stats show-node} name ("" for the host's name), or null
 * @param description  the {@code stats show-desc} text, or null
 * @param scopes       the proxies the page may show ({@code stats scope}), empty for all; {@code .} is the page's own
 * @param rules        the {@code stats http-request} rules in order
 */
public record StatsPageSettings(String uri, int refreshSeconds, String realm, List<String> users, Condition admin,
        boolean hideVersion, boolean showLegends, String node, String description, List<String> scopes,
        List<PageRule> rules) {

    public static final String DEFAULT_URI = "/haproxy?stats";
    public static final String DEFAULT_REALM = "HAProxy Statistics";
    public static final Setting<StatsPageSettings> SETTING = Setting.of("stats", null);

    public StatsPageSettings {
        users = List.copyOf(users);
        scopes = List.copyOf(scopes);
        rules = List.copyOf(rules);
    }

    static StatsPageSettings defaults() {
        return new StatsPageSettings(DEFAULT_URI, 0, DEFAULT_REALM, List.of(), null, false, false, null, null, List.of(),
                List.of());
    }

    StatsPageSettings withUri(String u) {
        return new StatsPageSettings(u, refreshSeconds, realm, users, admin, hideVersion, showLegends, node, description,
                scopes, rules);
    }

    StatsPageSettings withRefresh(int seconds) {
        return new StatsPageSettings(uri, seconds, realm, users, admin, hideVersion, showLegends, node, description,
                scopes, rules);
    }

    StatsPageSettings withRealm(String r) {
        return new StatsPageSettings(uri, refreshSeconds, r, users, admin, hideVersion, showLegends, node, description,
                scopes, rules);
    }

    StatsPageSettings withUser(String account) {
        return new StatsPageSettings(uri, refreshSeconds, realm, plus(users, account), admin, hideVersion, showLegends,
                node, description, scopes, rules);
    }

    StatsPageSettings withAdmin(Condition c) {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, c, hideVersion, showLegends, node, description,
                scopes, rules);
    }

    StatsPageSettings withHideVersion() {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, true, showLegends, node, description,
                scopes, rules);
    }

    StatsPageSettings withShowLegends() {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, hideVersion, true, node, description,
                scopes, rules);
    }

    StatsPageSettings withNode(String n) {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, hideVersion, showLegends, n, description,
                scopes, rules);
    }

    StatsPageSettings withDescription(String d) {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, hideVersion, showLegends, node, d, scopes,
                rules);
    }

    StatsPageSettings withScope(String proxy) {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, hideVersion, showLegends, node, description,
                plus(scopes, proxy), rules);
    }

    StatsPageSettings withRule(PageRule r) {
        return new StatsPageSettings(uri, refreshSeconds, realm, users, admin, hideVersion, showLegends, node, description,
                scopes, plus(rules, r));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> more = new ArrayList<>(list);
        more.add(item);
        return more;
    }
}
