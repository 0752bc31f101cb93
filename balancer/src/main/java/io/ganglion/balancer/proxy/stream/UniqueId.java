package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.Setting;

/**
 * A frontend's {@code unique-id-format}: makes a stream's unique id ({@code %ID}, the
 * {@code unique-id-header} sent to the server) from the stream as it is when asked. HAProxy makes
 * it once a request has passed its rules, and at the log line for a stream that has none yet.
 */
@FunctionalInterface
public interface UniqueId {
    /** The frontend's format, or null: no unique id. */
    Setting<UniqueId> FORMAT = Setting.of("unique-id-format", null);
    /** The request header that carries the id to the server ({@code unique-id-header}), or null. */
    Setting<String> HEADER = Setting.of("unique-id-header", null);

    String make(LoggedStream stream);
}
