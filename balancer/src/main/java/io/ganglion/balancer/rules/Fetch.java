package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;

/**
 * A sample fetch compiled with its arguments. Runs on the stream's event loop: no blocking, no lock.
 */
@FunctionalInterface
public interface Fetch {
    /**
     * @param message the phase's message: the request head ({@code http-request}), the response head
     *                ({@code http-response}), the client channel ({@code tcp-request connection}) or null
     * @return the sample, or null when there is none (no such header, no server yet...)
     */
    Sample fetch(Stream stream, Object message);
}
