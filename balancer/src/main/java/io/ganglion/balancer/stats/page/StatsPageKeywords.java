package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.config.TimeParser;
import io.ganglion.balancer.proxy.stream.ProxyRules;
import io.ganglion.balancer.rules.Condition;
import io.ganglion.balancer.rules.ProxyConditions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The {@code stats} keywords of a proxy, with HAProxy 2.6's meaning and error texts: any of them
 * enables the page ({@link StatsPageSettings}), which the proxy then answers itself after its
 * {@code http-request} rules ({@link StatsPageService}). The global {@code stats socket} and
 * {@code stats timeout} are the {@code runtime} package's.
 */
public final class StatsPageKeywords {
    private static final String EXPECTS = "expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version',"
            + " 'show-node', 'show-desc' or 'show-legends'.";
    /** Whether the proxy's rules already hold the page's service (once per proxy, a defaults' one inherited). */
    private static final Setting<Boolean> SERVICE_ADDED = Setting.of("stats service", false);

    private StatsPageKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(KeywordRow.of("stats", SectionKind.ANY_PROXY, StatsPageKeywords::stats));
    }

    private static void stats(ParseContext c, List<String> args) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("missing keyword in 'stats', " + EXPECTS);
        }
        ProxyBuilder p = c.proxy();
        StatsPageSettings s = p.get(StatsPageSettings.SETTING);
        if (s == null) {
            s = StatsPageSettings.defaults();
        }
        String word = args.get(0);
        String value = args.size() > 1 ? args.get(1) : "";
        s = switch (word) {
            case "enable" -> s;
            case "uri" -> s.withUri(required(value, "'uri' needs an URI prefix."));
            case "realm" -> s.withRealm(required(value, "'realm' needs an realm name."));
            case "auth" -> s.withUser(required(value, "'auth' needs a user:password account."));
            case "scope" -> s.withScope(required(value, "'scope' needs a proxy name."));
            case "refresh" -> s.withRefresh(refreshSeconds(value));
            case "hide-version" -> s.withHideVersion();
            case "show-legends" -> s.withShowLegends();
            case "show-node" -> s.withNode(value.isEmpty() ? hostName() : value);
            case "show-desc" -> {
                if (args.size() < 2) {
                    // Ganglion has no global 'desc': the page shows no description, as HAProxy without one
                    c.warn("'show-desc' requires a parameter or 'desc' to be set in the global section.");
                    yield s;
                }
                yield s.withDescription(String.join(" ", args.subList(1, args.size())));
            }
            case "admin" -> s.withAdmin(admin(c, args));
            case "http-request" -> s.withRule(rule(c, args));
            case "show-modules" -> throw new KeywordException("'stats show-modules' is not supported yet.");
            default -> throw new KeywordException("unknown stats parameter '" + word + "', " + EXPECTS);
        };
        p.set(StatsPageSettings.SETTING, s);
        if (!p.get(SERVICE_ADDED)) {
            p.set(SERVICE_ADDED, true);
            p.set(ProxyRules.SETTING, p.get(ProxyRules.SETTING).withService(StatsPageService.of(StatsPageLink.of(c.global()))));
        }
    }

    private static String required(String value, String message) throws KeywordException {
        if (value.isEmpty()) {
            throw new KeywordException(message);
        }
        return value;
    }

    /** HAProxy reads the interval in seconds unless a unit says otherwise, and sends it in seconds. */
    private static int refreshSeconds(String value) throws KeywordException {
        String text = !value.isEmpty() && Character.isDigit(value.charAt(value.length() - 1)) ? value + "s" : value;
        try {
            return (int) Math.min(Integer.MAX_VALUE, TimeParser.parse(text).toSeconds());
        } catch (KeywordException e) {
            char bad = value.chars().filter(ch -> !Character.isDigit(ch)).mapToObj(ch -> (char) ch).findFirst().orElse(' ');
            throw new KeywordException("unexpected character '" + (value.isEmpty() ? "" : String.valueOf(bad))
                    + "' in argument to stats refresh interval.");
        }
    }

    private static Condition admin(ParseContext c, List<String> args) throws KeywordException {
        if (c.section() == SectionKind.DEFAULTS) {
            throw new KeywordException("'stats admin' not allowed in 'defaults' section.");
        }
        if (args.size() < 3 || !(args.get(1).equals("if") || args.get(1).equals("unless"))) {
            throw new KeywordException("'stats admin' requires either 'if' or 'unless' followed by a condition.");
        }
        return ProxyConditions.parse(c, args, 1, "'stats admin'");
    }

    /** {@code stats http-request allow|deny|auth [realm R] [if|unless COND]}. */
    private static PageRule rule(ParseContext c, List<String> args) throws KeywordException {
        if (c.section() == SectionKind.DEFAULTS) {
            throw new KeywordException("'stats http-request' not allowed in 'defaults' section.");
        }
        String action = args.size() > 1 ? args.get(1) : "";
        PageRule.Kind kind = switch (action) {
            case "allow" -> PageRule.Kind.ALLOW;
            case "deny" -> PageRule.Kind.DENY;
            case "auth" -> PageRule.Kind.AUTH;
            default -> throw new KeywordException("'http-request' expects 'allow', 'deny', 'auth', but got '" + action + "'"
                    + (action.isEmpty() ? " (missing argument)." : "."));
        };
        int next = 2;
        String realm = null;
        if (kind == PageRule.Kind.AUTH && args.size() > next + 1 && args.get(next).equals("realm")) {
            realm = args.get(next + 1);
            next += 2;
        }
        if (next < args.size() && !args.get(next).equals("if") && !args.get(next).equals("unless")) {
            throw new KeywordException("'stats http-request " + action + "' expects 'if' or 'unless' followed by a"
                    + " condition but found '" + args.get(next) + "'.");
        }
        return new PageRule(kind, realm, ProxyConditions.parse(c, args, next, "'stats http-request " + action + "'"));
    }

    /** HAProxy's default node name: the host's name. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
