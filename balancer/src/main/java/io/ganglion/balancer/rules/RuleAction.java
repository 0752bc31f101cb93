package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.Verdict;

/**
 * An action of a rule compiled with its words ({@code deny deny_status 429}, {@code set-header X
 * %[src]}). {@link Verdict#DONE} ends the rule set ({@code allow}), {@link Verdict#ANSWERED} means
 * it answered through {@link Stream#answer} or refused the connection.
 */
@FunctionalInterface
public interface RuleAction {
    Verdict run(Stream stream, Object message);
}
