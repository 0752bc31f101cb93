package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Verdict;
import java.util.List;

/**
 * {@code set-var(scope.name) EXPR} and {@code unset-var(scope.name)}.
 */
final class VariableActions {
    private VariableActions() {
    }

    static RuleAction setVar(String paren, List<String> words, RuleScope scope) throws RuleException {
        String name = Variables.checkName(paren);
        if (words.isEmpty()) {
            throw new RuleException("missing fetch method.");
        }
        SampleExpression expr;
        try {
            expr = SampleExpressions.parse(words.get(0), scope);
        } catch (SampleExpressions.Refusal r) {
            if (r.unavailable != null) {
                throw new RuleException("fetch method 'set-var(" + paren + ")' extracts information from '"
                        + r.unavailable.haproxyWord() + "', none of which is available here.");
            }
            throw new RuleException(r.getMessage() + ".");
        }
        if (words.size() > 1) {
            throw new ActionWords.ExtraWord("'http-request set-var(" + paren + ")' expects either 'if' or 'unless' followed "
                    + "by a condition but found '" + words.get(1) + "'.");
        }
        return (s, m) -> {
            Sample v = expr.evaluate(s, m);
            if (v != null) {
                Variables.set(s, name, v);
            }
            return Verdict.CONTINUE;
        };
    }

    static RuleAction unsetVar(String paren, List<String> words, RuleScope scope) throws RuleException {
        String name = Variables.checkName(paren);
        new ActionWords("http-request unset-var(" + paren + ")", words).expectEnd();
        return (s, m) -> {
            Variables.unset(s, name);
            return Verdict.CONTINUE;
        };
    }
}
