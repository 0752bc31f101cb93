package io.ganglion.balancer.config;

/**
 * A {@code log} line of the global section. Only {@code stdout} and {@code stderr} targets are
 * supported (containers and systemd collect them); {@code format raw} writes the message alone.
 *
 * @param target   {@code stdout} or {@code stderr}
 * @param format   {@code raw} (the message alone) or {@code rfc3164}/{@code short} (with a priority header)
 * @param facility the syslog facility word if given (kept for messages and headers), else null
 */
public record LogTarget(String target, String format, String facility, Source source) {
}
