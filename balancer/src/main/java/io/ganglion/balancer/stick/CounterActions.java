package io.ganglion.balancer.stick;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.rules.ActionWords;
import io.ganglion.balancer.rules.RuleAction;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.RuleSet;
import io.ganglion.balancer.rules.Sample;
import io.ganglion.balancer.rules.SampleExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The actions on a tracked entry HAProxy 2.6 has: {@code sc-set-gpt0(N) VALUE|EXPR},
 * {@code sc-inc-gpc0(N)}, {@code sc-inc-gpc1(N)}, in every rule set. A counter the stream does not
 * track is left alone. HAProxy 2.6 has no {@code sc-clr-gpc0} action (the {@code sc_clr_gpc0}
 * fetch clears).
 */
final class CounterActions {
    private CounterActions() {
    }

    static List<ActionKeyword> table() {
        List<ActionKeyword> all = new ArrayList<>();
        for (RuleSet set : RuleSet.values()) {
            all.add(new ActionKeyword("sc-set-gpt0(*)", Set.of(set), (p, w, scope) -> setGpt0(set, p, w, scope)));
            all.add(new ActionKeyword("sc-inc-gpc0(*)", Set.of(set),
                    (p, w, scope) -> increment(set, "sc-inc-gpc0", p, w, StickCounter::incGpc0)));
            all.add(new ActionKeyword("sc-inc-gpc1(*)", Set.of(set),
                    (p, w, scope) -> increment(set, "sc-inc-gpc1", p, w, StickCounter::incGpc1)));
        }
        return all;
    }

    private static RuleAction setGpt0(RuleSet set, String paren, List<String> words, RuleScope scope)
            throws RuleException {
        int slot = slot(paren);
        if (slot < 0) {
            throw new RuleException("invalid stick table track ID 'sc-set-gpt0(" + paren + ")'. The max allowed ID is "
                    + (Stream.STICK_COUNTERS - 1) + ".");
        }
        // HAProxy reads the word as a number first, an expression otherwise; no word at all is 0
        String word = words.isEmpty() ? "" : words.get(0);
        Long constant = integer(word);
        SampleExpression expr = constant == null ? TrackActions.expression(word, scope) : null;
        new ActionWords(set.keyword() + " sc-set-gpt0(" + paren + ")", words.subList(Math.min(1, words.size()), words.size()))
                .expectEnd();
        return (s, m) -> {
            StickCounter c = StickFetches.counter(s, slot);
            if (c != null) {
                Long v = constant;
                if (v == null) {
                    Sample sample = expr.evaluate(s, m);
                    v = sample == null ? null : sample.asInteger();
                }
                if (v != null) {
                    c.setGpt0(v);
                }
            }
            return Verdict.CONTINUE;
        };
    }

    private static RuleAction increment(RuleSet set, String name, String paren, List<String> words,
            Consumer<StickCounter> op) throws RuleException {
        int slot = slot(paren);
        if (slot < 0) {
            throw new RuleException("invalid stick table track ID. The max allowed ID is "
                    + (Stream.STICK_COUNTERS - 1) + ".");
        }
        new ActionWords(set.keyword() + " " + name + "(" + paren + ")", words).expectEnd();
        return (s, m) -> {
            StickCounter c = StickFetches.counter(s, slot);
            if (c != null) {
                op.accept(c);
            }
            return Verdict.CONTINUE;
        };
    }

    /** The counter number in parentheses, -1 when it is none of sc0..sc2. */
    private static int slot(String paren) {
        Long n = integer(paren);
        return n == null || n < 0 || n >= Stream.STICK_COUNTERS ? -1 : n.intValue();
    }

    /** The whole word as a decimal integer (empty: 0, as HAProxy's strtoll reads it), or null. */
    private static Long integer(String word) {
        if (word.isEmpty()) {
            return 0L;
        }
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
