package io.ganglion.balancer.proxy;

/**
 * User event fired on every client channel once a stopping balancer's listeners are closed and
 * every connection they accepted is set up: an HTTP connection between requests closes once quiet
 * (at once if it already was), a busy one after the response that announces the close; a request
 * that has begun to arrive, or is queued behind another, is answered first.
 */
public enum GracefulStop {
    INSTANCE
}
