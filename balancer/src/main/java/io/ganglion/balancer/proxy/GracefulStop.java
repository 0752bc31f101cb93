package io.ganglion.balancer.proxy;

/**
 * User event fired on every client channel when the process stops: an idle keep-alive connection
 * closes at once, a busy one after its current response.
 */
public enum GracefulStop {
    INSTANCE
}
