package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.proxy.stream.Persistence;
import io.ganglion.balancer.rules.Condition;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleLanguage;
import io.ganglion.balancer.rules.RuleLines;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.RuleSet;
import io.ganglion.balancer.rules.SampleExpression;
import io.ganglion.balancer.rules.SampleExpressions;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stick on|match|store-request|store-response PATTERN [table T] [if|unless COND]} in
 * backends and listen sections, compiled into the proxy's {@link Persistence}; refused with
 * HAProxy 2.6's words ({@code haproxy -c} on the same lines). The table named (the backend's own
 * by default) stores {@code server_id} and {@code server_key} whatever its {@code store} list
 * says, as HAProxy adds them to a table that stick rules use.
 */
final class StickRulesKeyword {
    private static final Pattern UNAVAILABLE = Pattern.compile(
            "sample fetch <([^(,>]*)[^>]*> may not be reliably used here because it needs '([^']*)' which is not available here\\.");
    private static final String PARSE_PREFIX = "failed to parse sample expression <";

    private StickRulesKeyword() {
    }

    static KeywordRow row(Supplier<RuleLanguage> language) {
        return KeywordRow.of("stick", EnumSet.of(SectionKind.BACKEND, SectionKind.LISTEN),
                (c, args) -> apply(c, args, language.get()));
    }

    private static void apply(ParseContext c, List<String> args, RuleLanguage language) throws KeywordException {
        String verb = args.isEmpty() ? "" : args.get(0);
        boolean match = verb.equals("on") || verb.equals("match");
        boolean storeRequest = verb.equals("on") || verb.equals("store-request");
        boolean storeResponse = verb.equals("store-response");
        if (!match && !storeRequest && !storeResponse) {
            throw new KeywordException("'stick' expects 'on', 'match', or 'store'.");
        }
        if (args.size() < 2) {
            throw new KeywordException("'stick' expects a fetch method.");
        }
        ProxyBuilder proxy = c.proxy();
        RuleScope scope = RuleLines.scope(c, language);
        boolean backend = proxy.kind() == io.ganglion.balancer.config.ProxyKind.BACKEND;
        RuleSet set = storeResponse ? RuleSet.HTTP_RESPONSE : RuleSet.HTTP_REQUEST;
        SampleExpression key = key(args.get(1), scope.offering(RuleLines.offeredBy(set, backend)),
                storeResponse ? "for 'store-response'" : "during request");
        String tableName = proxy.name();
        int next = 2;
        if (next < args.size() && args.get(next).equals("table")) {
            tableName = next + 1 < args.size() ? args.get(next + 1) : "";
            next += 2;
        }
        int cond = RuleLines.conditionStart(args);
        if (next < cond) {
            throw new KeywordException("'stick': unknown keyword '" + args.get(next) + "'.");
        }
        Condition condition = RuleLines.condition(c, args, cond, "'stick " + verb + "'", scope);
        String proxyName = proxy.name();
        TableLinks links = TableLinks.of(scope.load());
        TableRef table = links.use(tableName, null, t -> "Proxy '" + proxyName + "': unable to find stick-table '" + t + "'.");
        links.storesServers(tableName);
        StickRule rule = new StickRule(key, table, condition);
        Persistence current = proxy.get(Persistence.SETTING);
        StickPersistence rules = current instanceof StickPersistence p ? p : new StickPersistence(List.of(), List.of(), List.of());
        if (match) {
            rules = rules.withMatch(rule);
        }
        if (storeRequest) {
            rules = rules.withRequestStore(rule);
        }
        if (storeResponse) {
            rules = rules.withResponseStore(rule);
        }
        proxy.set(Persistence.SETTING, rules);
    }

    /** The rule's sample, refused in HAProxy's words for a stick rule. */
    private static SampleExpression key(String text, RuleScope scope, String where) throws KeywordException {
        try {
            return SampleExpressions.compile(text, scope);
        } catch (RuleException e) {
            String m = e.getMessage();
            Matcher unavailable = UNAVAILABLE.matcher(m);
            if (unavailable.matches()) {
                throw new KeywordException("'stick': fetch method '" + unavailable.group(1) + "' extracts information from '"
                        + unavailable.group(2) + "', none of which is available " + where + ".");
            }
            String prefix = PARSE_PREFIX + text + "> : ";
            String reason = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
            throw new KeywordException("'stick': " + (reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason));
        }
    }
}
