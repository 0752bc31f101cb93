package io.ganglion.balancer.proxy.stream;

import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.proxy.Backend;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Function;

/**
 * A proxy's rules compiled at load, in configuration order, by set: {@code tcp-request connection},
 * {@code tcp-request content}, {@code http-request}, {@code http-response}, and the backend switching
 * rules ({@code use_backend}), which are linked to the running backends when the frontend is built.
 * Kept in the proxy's settings under {@link #SETTING} by the package that compiles them; the phases
 * read it from there. Immutable.
 */
public record ProxyRules(ActionList<Channel> tcpConnection, ActionList<Object> tcpContent,
        ActionList<HttpRequest> httpRequest, ActionList<HttpResponse> httpResponse, java.util.List<BackendSwitch> backendSwitches,
        ActionList<HttpRequest> services) {

    public static final ProxyRules NONE = new ProxyRules(ActionList.empty(), ActionList.empty(), ActionList.empty(),
            ActionList.empty(), java.util.List.of(), ActionList.empty());

    public static final Setting<ProxyRules> SETTING = Setting.of("rules", NONE);

    public ProxyRules {
        backendSwitches = java.util.List.copyOf(backendSwitches);
    }

    /** A {@code use_backend} rule, linked to the running backends once they exist. */
    @FunctionalInterface
    public interface BackendSwitch {
        /**
         * @param backends the running backends by name (null for an unknown name)
         * @return the rule: chooses the stream's backend and answers {@link Verdict#DONE} when it applies
         */
        StreamAction<HttpRequest> link(Function<String, Backend> backends);
    }

    public ProxyRules withTcpConnection(StreamAction<Channel> a) {
        return new ProxyRules(tcpConnection.then(a), tcpContent, httpRequest, httpResponse, backendSwitches, services);
    }

    public ProxyRules withTcpContent(StreamAction<Object> a) {
        return new ProxyRules(tcpConnection, tcpContent.then(a), httpRequest, httpResponse, backendSwitches, services);
    }

    public ProxyRules withHttpRequest(StreamAction<HttpRequest> a) {
        return new ProxyRules(tcpConnection, tcpContent, httpRequest.then(a), httpResponse, backendSwitches, services);
    }

    public ProxyRules withHttpResponse(StreamAction<HttpResponse> a) {
        return new ProxyRules(tcpConnection, tcpContent, httpRequest, httpResponse.then(a), backendSwitches, services);
    }

    public ProxyRules withBackendSwitch(BackendSwitch s) {
        java.util.List<BackendSwitch> more = new java.util.ArrayList<>(backendSwitches);
        more.add(s);
        return new ProxyRules(tcpConnection, tcpContent, httpRequest, httpResponse, more, services);
    }

    /**
     * These rules with {@code s} among the proxy's services: checked after its {@code http-request}
     * rules, whichever way those ended (HAProxy looks for the stats page's URI once the rules let the
     * request through, an {@code allow} included).
     */
    public ProxyRules withService(StreamAction<HttpRequest> s) {
        return new ProxyRules(tcpConnection, tcpContent, httpRequest, httpResponse, backendSwitches, services.then(s));
    }

    /**
     * The request head's rules in HTTP mode: {@code tcp-request content} (run for each request, as
     * HAProxy does), then {@code http-request}. Each set ends on its own: an {@code accept} ends the
     * content rules, not the {@code http-request} ones.
     */
    ActionList<HttpRequest> requestHead() {
        ActionList<HttpRequest> list = ActionList.empty();
        if (!tcpContent.isEmpty()) {
            list = list.then(ruleSet(tcpContent)::apply);
        }
        list = httpRequest.isEmpty() ? list : list.then(ruleSet(httpRequest));
        return services.isEmpty() ? list : list.then(ruleSet(services));
    }

    /** The content rules of a TCP mode connection, run once its {@code tcp-request connection} rules let it through. */
    ActionList<Channel> tcpContentAccepted() {
        return tcpContent.isEmpty() ? ActionList.empty() : ActionList.of(ruleSet(tcpContent)::apply);
    }

    /** One rule set as one step of a phase: the set's own end ({@code accept}, {@code allow}) does not end the phase. */
    private static <M> StreamAction<M> ruleSet(ActionList<M> rules) {
        return (stream, message) -> rules.run(stream, message) == Verdict.ANSWERED ? Verdict.ANSWERED : Verdict.CONTINUE;
    }
}
