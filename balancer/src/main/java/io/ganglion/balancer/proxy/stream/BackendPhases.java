package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.ProxySection;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A backend's phases, compiled at load: its request head rules (its {@code http-request}, then
 * {@code option forwardfor}), run once the stream has chosen it, and its response head rules
 * ({@code http-response}), run before the frontend's.
 */
public record BackendPhases(ActionList<HttpRequest> requestHead, ActionList<HttpResponse> responseHead) {

    public static BackendPhases compile(ProxySection config) {
        // HAProxy adds X-Forwarded-For after the http-request rules, when the frontend or the backend asks.
        StreamAction<HttpRequest> forwardFor = config.forwardFor() ? ForwardedFor.ALWAYS : ForwardedFor.WHEN_FRONTEND_ASKS;
        return new BackendPhases(ActionList.of(forwardFor), ActionList.empty());
    }
}
