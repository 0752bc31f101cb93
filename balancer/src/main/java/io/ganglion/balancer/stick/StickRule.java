package io.ganglion.balancer.stick;

import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.rules.Condition;
import io.ganglion.balancer.rules.SampleExpression;

/**
 * One {@code stick match}, {@code stick store-request} or {@code stick store-response} rule
 * ({@code stick on} is a match and a store-request with the same words), compiled at load.
 *
 * @param key       the sample whose value is the entry's key
 * @param table     the table it reads or feeds (its backend's own unless {@code table T})
 * @param condition its {@code if|unless} condition
 */
record StickRule(SampleExpression key, TableRef table, Condition condition) {
    /**
     * The key of the stream's entry in the rule's table when the rule applies: its condition holds
     * and its sample has a form of the table's type; null otherwise (the rule is skipped).
     */
    byte[] keyFor(Stream stream, Object message) {
        StickTable t = table.table();
        if (t == null || !condition.test(stream, message)) {
            return null;
        }
        return SampleKeys.of(key.evaluate(stream, message), t.spec());
    }
}
