package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.ProxySection;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A backend's phases, compiled at load: its request head rules (its {@code http-request}, then
 * {@code option forwardfor}), run once the stream has chosen it, its response head rules
 * ({@code http-response}), run before the frontend's, and its server persistence (stick rules).
 */
public record BackendPhases(ActionList<HttpRequest> requestHead, ActionList<HttpResponse> responseHead,
        Persistence persistence) {

    public static BackendPhases compile(ProxySection config) {
        // HAProxy adds X-Forwarded-For after the http-request rules, when the frontend or the backend asks.
        StreamAction<HttpRequest> forwardFor = config.forwardFor() ? ForwardedFor.ALWAYS : ForwardedFor.WHEN_FRONTEND_ASKS;
        ProxyRules rules = config.get(ProxyRules.SETTING);
        if (rules == ProxyRules.NONE) {
            return new BackendPhases(ActionList.of(forwardFor), ActionList.empty(), config.get(Persistence.SETTING));
        }
        // A listen section's rules ran already as its frontend's when the stream came in through it:
        // HAProxy runs a backend's rule sets only when the backend is not the stream's frontend.
        ActionList<HttpRequest> request = rules.requestHead();
        ActionList<HttpResponse> response = rules.httpResponse();
        String name = config.name();
        StreamAction<HttpRequest> backendRequest = (stream, r) ->
                stream.frontend().name().equals(name) ? Verdict.CONTINUE : request.run(stream, r);
        StreamAction<HttpResponse> backendResponse = (stream, r) ->
                stream.frontend().name().equals(name) ? Verdict.CONTINUE : response.run(stream, r);
        return new BackendPhases(ActionList.of(backendRequest, forwardFor), ActionList.of(backendResponse),
                config.get(Persistence.SETTING));
    }
}
