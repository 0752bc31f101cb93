package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.stream.Denials;
import io.ganglion.balancer.proxy.stream.Verdict;
import java.util.List;
import java.util.Set;

/** {@code tcp-request connection|content accept|reject}. */
final class TcpActions {
    private static final Set<RuleSet> TCP = Set.of(RuleSet.TCP_CONNECTION, RuleSet.TCP_CONTENT);

    private TcpActions() {
    }

    static List<ActionKeyword> table() {
        return List.of(
                new ActionKeyword("accept", TCP, (p, w, scope) -> {
                    new ActionWords("tcp-request accept", w).expectEnd();
                    return (s, m) -> Verdict.DONE;
                }),
                // closed without a word; the phases' caller closes the connection on ANSWERED without an
                // answer. A refused connection counts in dcon where the caller refuses it, a refused
                // content in dreq here (HAProxy 2.6 counts it so; not in the connection's case).
                new ActionKeyword("reject", Set.of(RuleSet.TCP_CONNECTION), (p, w, scope) -> {
                    new ActionWords("tcp-request reject", w).expectEnd();
                    return (s, m) -> {
                        s.terminate("PR");
                        return Verdict.ANSWERED;
                    };
                }),
                new ActionKeyword("reject", Set.of(RuleSet.TCP_CONTENT), (p, w, scope) -> {
                    new ActionWords("tcp-request reject", w).expectEnd();
                    return (s, m) -> {
                        Denials.contentRejected(s);
                        s.terminate("PR");
                        return Verdict.ANSWERED;
                    };
                }));
    }
}
