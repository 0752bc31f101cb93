package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.Backend;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A frontend's phases, in the order HAProxy runs them, compiled at load: connection accepted
 * ({@code tcp-request connection}), request head ({@code http-request}), backend choice
 * ({@code use_backend}, then {@code default_backend}), response head ({@code http-response}, after
 * the backend's), log. The backend's own phases are in {@link BackendPhases}.
 *
 * <p>Immutable; a frontend publishes a new one as a whole. {@code mode tcp} streams run the
 * connection phase, their content phase ({@code tcp-request content}, at once: Ganglion has no
 * {@code inspect-delay}), the backend choice and log phases, with a null request. The content
 * phase is apart from the connection phase because only the latter decides whether the connection
 * is a session ({@link io.ganglion.balancer.proxy.SessionAdmission}); in {@code mode http} it is
 * empty and the content rules run with each request head.
 */
public record FrontendPhases(ActionList<Channel> connectionAccepted, ActionList<Channel> contentAccepted,
        ActionList<HttpRequest> requestHead, ActionList<HttpRequest> backendChoice, Backend defaultBackend,
        ActionList<HttpResponse> responseHead, ActionList<LoggedStream> log) {

    /** The phases without rules: every list empty, the {@code default_backend}, no log line. */
    public static FrontendPhases compile(ProxySection config, Backend defaultBackend) {
        return compile(config, defaultBackend, name -> null, null);
    }

    /**
     * The frontend's rules as the configuration compiled them ({@link ProxyRules}), its
     * {@code use_backend} rules linked to the running {@code backends}, and {@code logLine} as the
     * log phase's last action: the access log line is what the log phase produces, after whatever
     * else the phase does (null when the frontend logs nothing at the end of its streams).
     */
    public static FrontendPhases compile(ProxySection config, Backend defaultBackend,
            java.util.function.Function<String, Backend> backends, StreamAction<LoggedStream> logLine) {
        ProxyRules rules = config.get(ProxyRules.SETTING);
        boolean tcp = config.mode() == io.ganglion.balancer.config.ProxyMode.TCP;
        ActionList<HttpRequest> choice = ActionList.empty();
        for (ProxyRules.BackendSwitch s : rules.backendSwitches()) {
            choice = choice.then(s.link(backends));
        }
        return new FrontendPhases(rules.tcpConnection(), tcp ? rules.tcpContentAccepted() : ActionList.empty(),
                tcp ? ActionList.empty() : rules.requestHead(), choice, defaultBackend, rules.httpResponse(),
                logLine == null ? ActionList.empty() : ActionList.of(logLine));
    }

    /** These phases with {@code rule} after the connection rules already there. */
    public FrontendPhases withConnectionRule(StreamAction<Channel> rule) {
        return new FrontendPhases(connectionAccepted.then(rule), contentAccepted, requestHead, backendChoice,
                defaultBackend, responseHead, log);
    }

    /** These phases with {@code rule} after the request head rules already there. */
    public FrontendPhases withRequestRule(StreamAction<HttpRequest> rule) {
        return new FrontendPhases(connectionAccepted, contentAccepted, requestHead.then(rule), backendChoice,
                defaultBackend, responseHead, log);
    }

    /** These phases with {@code rule} after the response head rules already there. */
    public FrontendPhases withResponseRule(StreamAction<HttpResponse> rule) {
        return new FrontendPhases(connectionAccepted, contentAccepted, requestHead, backendChoice, defaultBackend,
                responseHead.then(rule), log);
    }

    /** These phases with {@code rule} after the backend choice rules already there (before the default). */
    public FrontendPhases withBackendRule(StreamAction<HttpRequest> rule) {
        return new FrontendPhases(connectionAccepted, contentAccepted, requestHead, backendChoice.then(rule),
                defaultBackend, responseHead, log);
    }

    /**
     * Chooses the stream's backend: the rules first (one that chooses ends the phase with
     * {@link Verdict#DONE}), the default backend when none chose. The stream may end up with no
     * backend (a frontend without {@code default_backend}): it is then answered 503.
     */
    public Verdict chooseBackend(Stream stream, HttpRequest request) {
        Verdict v = backendChoice.run(stream, request);
        if (v == Verdict.ANSWERED) {
            return v;
        }
        if (stream.backend() == null) {
            stream.chooseBackend(defaultBackend);
        }
        return Verdict.CONTINUE;
    }
}
