package io.ganglion.balancer.proxy.stream;

/**
 * Requests the proxy answers itself, counted in {@code show stat}'s {@code intercepted} as HAProxy
 * 2.6 counts them (measured): an {@code http-request return} or {@code redirect}, the stats page
 * ({@code stats uri}) and {@code use-service prometheus-exporter}, only when the answering rule is
 * the frontend's (a {@code listen} section's included), and only on the frontend's row (HAProxy
 * shows the column on no listener nor backend, and counts a backend's rule nowhere). A
 * {@code deny} counts in {@code dreq} ({@link Denials}), not here. Called by the answering actions
 * on the stream's loop: a counter increment only, nothing allocated.
 */
public final class Interceptions {
    private Interceptions() {
    }

    /**
     * The request is answered by the proxy: counted when no backend is chosen yet, that is when the
     * rule is the frontend's (a backend's rules run once the stream has chosen it, a {@code listen}
     * section's as its frontend's), as HAProxy counts it only while the backend is the frontend.
     */
    public static void answered(Stream s) {
        if (s.backend() == null) {
            s.frontend().counters().interceptedRequest();
        }
    }
}
