package io.ganglion.balancer.proxy.stream;

/** What a {@link StreamAction} tells its phase to do next. */
public enum Verdict {
    /** Go on with the phase's next action. */
    CONTINUE,
    /** This phase is done (a backend was chosen, say): its later actions are skipped, the stream goes on. */
    DONE,
    /**
     * The action answered through {@link Stream#answer(LocalAnswer)} (HTTP) or refused the
     * connection (TCP): no later phase runs but the log.
     */
    ANSWERED
}
