package io.ganglion.balancer.proxy.stream;

/**
 * One step of a phase, compiled at load: it sees the stream and the message of its phase (the
 * request head, the response head, the client channel when a connection is accepted, nothing when
 * logging), and may change the message, choose the stream's backend ({@link Stream#chooseBackend}),
 * answer locally ({@link Stream#answer}) or let the stream go on.
 *
 * <p>Runs on the stream's event loop, once per stream and phase: it must not block, and should
 * not allocate what it can build at load.
 *
 * @param <M> the message of the phase it belongs to
 */
@FunctionalInterface
public interface StreamAction<M> {
    Verdict apply(Stream stream, M message);
}
