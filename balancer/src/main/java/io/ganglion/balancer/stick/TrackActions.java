package io.ganglion.balancer.stick;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.rules.ActionWords;
import io.ganglion.balancer.rules.RuleAction;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.RuleSet;
import io.ganglion.balancer.rules.SampleExpression;
import io.ganglion.balancer.rules.SampleExpressions;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code track-sc0|1|2 KEY [table T]} in {@code http-request}, {@code tcp-request connection} and
 * {@code tcp-request content} rules: the stream starts tracking the entry of KEY in the table (its
 * proxy's own when none is named) in that counter slot, unless the slot already tracks one (only
 * the first tracking of each slot applies, as in HAProxy).
 *
 * <p>What is counted on the entry, as HAProxy 2.6 counts it: a connection ({@code conn_cnt},
 * {@code conn_cur}, {@code conn_rate}, by {@link StickTable#track}); tracked by the connection, a
 * session ({@code sess_cnt}, {@code sess_rate}) once the connection rules accepted it
 * ({@code Stream#countSession}), and each request of the connection later on
 * ({@code Stream#inheritSessionCounters}); tracked by a request, that request ({@code http_req_cnt},
 * {@code http_req_rate}), because HAProxy counts the request on a counter as it starts tracking it.
 */
final class TrackActions {
    private TrackActions() {
    }

    static List<ActionKeyword> table() {
        List<ActionKeyword> all = new ArrayList<>();
        for (RuleSet set : List.of(RuleSet.HTTP_REQUEST, RuleSet.TCP_CONNECTION, RuleSet.TCP_CONTENT)) {
            for (int n = 0; n < Stream.STICK_COUNTERS; n++) {
                int slot = n;
                String name = "track-sc" + n;
                all.add(new ActionKeyword(name, Set.of(set), (paren, words, scope) -> compile(set, name, slot, words, scope)));
            }
        }
        return all;
    }

    private static RuleAction compile(RuleSet set, String name, int slot, List<String> words, RuleScope scope)
            throws RuleException {
        if (words.isEmpty()) {
            throw new RuleException("missing fetch method.");
        }
        String text = words.get(0);
        SampleExpression key = expression(text, scope);
        String tableName = scope.proxyName();
        int next = 1;
        if (next < words.size() && words.get(next).equals("table")) {
            if (next + 1 >= words.size()) {
                throw new RuleException("missing table name.");
            }
            tableName = words.get(next + 1);
            next += 2;
        }
        new ActionWords(set.keyword() + " " + name, words.subList(next, words.size())).expectEnd();
        String proxy = scope.proxyName();
        TableRef ref = TableLinks.of(scope.load()).use(tableName, null,
                t -> "Proxy '" + proxy + "': unable to find table '" + t + "' referenced by " + name + ".");
        return (s, m) -> {
            StickCounter[] slots = s.stickCounters();
            StickTable table = ref.table();
            if (slots[slot] != null || table == null) {
                return Verdict.CONTINUE;
            }
            byte[] k = SampleKeys.of(key.evaluate(s, m), table.spec());
            StickCounter tracked = k == null ? null : table.track(k);
            if (tracked != null) {
                slots[slot] = tracked;
                // tracked by the connection: its session is counted once the connection rules accept it
                if (set != RuleSet.TCP_CONNECTION && m instanceof HttpRequest) {
                    tracked.countHttpRequest();
                }
            }
            return Verdict.CONTINUE;
        };
    }

    /** The key's expression, refused with HAProxy's words for a track-sc rule (the reason alone). */
    static SampleExpression expression(String text, RuleScope scope) throws RuleException {
        try {
            return SampleExpressions.compile(text, scope);
        } catch (RuleException e) {
            String prefix = "failed to parse sample expression <" + text + "> : ";
            String m = e.getMessage();
            throw m.startsWith(prefix) ? new RuleException(m.substring(prefix.length())) : e;
        }
    }
}
