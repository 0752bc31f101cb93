package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import java.util.function.Predicate;

/**
 * A fetch with several values for one stream (every occurrence of a header or of a cookie). As a
 * sample it gives one of them ({@link #fetch}: the last); an ACL tries each in turn, as HAProxy
 * does, and matches when one does.
 */
public interface MultiValueFetch extends Fetch {
    /** Whether {@code test} holds for one of the values, tried in order. */
    boolean anyValue(Stream stream, Object message, Predicate<Sample> test);
}
