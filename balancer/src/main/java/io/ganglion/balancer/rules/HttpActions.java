package io.ganglion.balancer.rules;

import static io.ganglion.balancer.rules.RuleSet.HTTP_REQUEST;
import static io.ganglion.balancer.rules.RuleSet.HTTP_RESPONSE;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.stream.Verdict;
import java.util.List;
import java.util.Set;

/**
 * The {@code http-request} / {@code http-response} actions of the {@code rules} package (HAProxy
 * 2.6 configuration manual, section 4.2): allow, deny, return, redirect, header rewrites, request
 * line rewrites, variables, {@code set-status}.
 */
final class HttpActions {
    private static final Set<RuleSet> BOTH = Set.of(HTTP_REQUEST, HTTP_RESPONSE);

    private HttpActions() {
    }

    static List<ActionKeyword> table() {
        return List.of(
                new ActionKeyword("allow", BOTH, (p, w, scope) -> {
                    new ActionWords("allow", w).expectEnd();
                    return (s, m) -> Verdict.DONE;
                }),
                new ActionKeyword("deny", Set.of(HTTP_REQUEST), (p, w, scope) -> AnswerActions.deny(HTTP_REQUEST, w)),
                new ActionKeyword("deny", Set.of(HTTP_RESPONSE), (p, w, scope) -> AnswerActions.deny(HTTP_RESPONSE, w)),
                new ActionKeyword("return", Set.of(HTTP_REQUEST), (p, w, scope) -> AnswerActions.returned(HTTP_REQUEST, w, scope)),
                new ActionKeyword("return", Set.of(HTTP_RESPONSE), (p, w, scope) -> AnswerActions.returned(HTTP_RESPONSE, w, scope)),
                new ActionKeyword("redirect", Set.of(HTTP_REQUEST), (p, w, scope) -> AnswerActions.redirect(HTTP_REQUEST, w, scope)),
                new ActionKeyword("redirect", Set.of(HTTP_RESPONSE), (p, w, scope) -> AnswerActions.redirect(HTTP_RESPONSE, w, scope)),
                new ActionKeyword("set-header", BOTH, (p, w, scope) -> RewriteActions.header(w, scope, "set-header", true)),
                new ActionKeyword("add-header", BOTH, (p, w, scope) -> RewriteActions.header(w, scope, "add-header", false)),
                new ActionKeyword("del-header", BOTH, RewriteActions::delHeader),
                new ActionKeyword("replace-header", BOTH, RewriteActions::replaceHeader),
                new ActionKeyword("set-path", Set.of(HTTP_REQUEST), (p, w, scope) -> RewriteActions.requestLine(w, scope, RewriteActions.Part.PATH)),
                new ActionKeyword("set-query", Set.of(HTTP_REQUEST), (p, w, scope) -> RewriteActions.requestLine(w, scope, RewriteActions.Part.QUERY)),
                new ActionKeyword("set-uri", Set.of(HTTP_REQUEST), (p, w, scope) -> RewriteActions.requestLine(w, scope, RewriteActions.Part.URI)),
                new ActionKeyword("set-method", Set.of(HTTP_REQUEST), (p, w, scope) -> RewriteActions.requestLine(w, scope, RewriteActions.Part.METHOD)),
                new ActionKeyword("set-status", Set.of(HTTP_RESPONSE), RewriteActions::setStatus),
                new ActionKeyword("set-var(*)", BOTH, VariableActions::setVar),
                new ActionKeyword("unset-var(*)", BOTH, VariableActions::unsetVar));
    }
}
