package io.ganglion.balancer.log;

import io.ganglion.balancer.proxy.stream.LoggedStream;

/** A compiled {@code %[fetch,converter...]} expression of a log format, evaluated per line. */
@FunctionalInterface
public interface LogSample {
    /** The expression's value as text for this stream, or null when the fetch finds nothing (logged {@code -}). */
    CharSequence value(LoggedStream stream);
}
