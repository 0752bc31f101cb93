package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.stats.TrafficCounters;

/**
 * Where a rule's refusal counts in {@code show stat}, as HAProxy 2.6 counts it (measured): a
 * refused request in {@code dreq}, a refused response in {@code dresp}. {@code return} and
 * {@code redirect} answer rather than refuse, and count in neither. Called by the refusing actions
 * on the stream's loop: counter increments only, nothing allocated.
 */
public final class Denials {
    private Denials() {
    }

    /**
     * {@code http-request deny}: the frontend's and its listener's {@code dreq}, and the backend's
     * when the rule is the backend's own. A backend's rules run once the stream has chosen it, the
     * frontend's before (a {@code listen} section's run as its frontend's), so a chosen backend
     * tells whose rule it was, as HAProxy counts the backend only when it is not the frontend.
     */
    public static void request(Stream s) {
        contentRejected(s);
        if (s.backend() != null) {
            s.backend().counters().deniedRequest();
        }
    }

    /**
     * {@code tcp-request content reject}: the frontend's and its listener's {@code dreq} only,
     * a backend's rule too (HAProxy 2.6 counts no backend there).
     */
    public static void contentRejected(Stream s) {
        s.frontend().counters().deniedRequest();
        TrafficCounters listener = s.listenerCounters();
        if (listener != null) {
            listener.deniedRequest();
        }
    }

    /**
     * {@code http-response deny}, the frontend's rule or the backend's: {@code dresp} of the
     * frontend, its listener, the backend (a {@code listen} section's too) and the server that answered.
     */
    public static void response(Stream s) {
        s.frontend().counters().deniedResponse();
        TrafficCounters listener = s.listenerCounters();
        if (listener != null) {
            listener.deniedResponse();
        }
        if (s.backend() != null) {
            s.backend().counters().deniedResponse();
        }
        if (s.server() != null) {
            s.server().counters().deniedResponse();
        }
    }
}
