package io.ganglion.balancer.proxy.stream;

import java.util.concurrent.CompletionStage;

/**
 * A local answer that is made once the request's body has been read, and may be made on another
 * thread: the statistics page's admin form (a POST whose fields are in the body) and its long pages
 * (thousands of servers, made off the event loop so that the loop's other streams go on meanwhile).
 *
 * <p>The session reads the body up to {@link #maxBody()} bytes, keeps counting past it without
 * keeping, then asks for the answer; the answer is written on the stream's loop when it completes,
 * unless the client has gone meanwhile.
 */
public interface DeferredAnswer {
    /** Bytes of body kept at most; more is counted as {@code truncated} (HAProxy's buffer limit for the form). */
    int maxBody();

    /**
     * @param body      the request's body, at most {@link #maxBody()} bytes
     * @param truncated whether the body was longer than that
     * @return the answer, completed on any thread
     */
    CompletionStage<LocalAnswer> answer(byte[] body, boolean truncated);
}
