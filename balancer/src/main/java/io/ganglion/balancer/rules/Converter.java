package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;

/** A converter compiled with its arguments; as a {@link Fetch}, runs on the stream's loop without blocking. */
@FunctionalInterface
public interface Converter {
    /** @return the converted sample, or null when it cannot be converted (the expression then has no sample) */
    Sample convert(Sample input, Stream stream);
}
