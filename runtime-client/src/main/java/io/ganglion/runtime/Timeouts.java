package io.ganglion.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client waits: {@code connect} bounds opening the socket, {@code read} bounds each
 * wait for the next bytes of an answer (and for the socket to accept a write). A server that
 * keeps trickling bytes is not cut off: only silence longer than {@code read} is.
 */
public record Timeouts(Duration connect, Duration read) {

    /** 5 s to connect, 30 s of silence while reading (a large {@code show stat} takes a while). */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect=" + connect + " read=" + read);
        }
    }
}
