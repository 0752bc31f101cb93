package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.rules.Condition;

/**
 * One {@code stats http-request allow|deny|auth [realm R] [if|unless COND]} line, or the rule that
 * {@code stats auth} lines stand for (ask for credentials unless the request carries one of theirs).
 *
 * @param realm for {@code auth}: the realm to announce, or null for the page's
 */
record PageRule(Kind kind, String realm, Condition condition) {
    enum Kind { ALLOW, DENY, AUTH }
}
