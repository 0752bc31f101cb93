package io.ganglion.balancer.rules;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a fetch needs of the stream, in HAProxy's words, and what each rule set offers: a fetch
 * used where what it needs does not exist yet ({@code srv_name} in an {@code http-request} rule,
 * {@code path} in an {@code http-response} rule) is refused at load, as HAProxy refuses it.
 */
public enum SampleUse {
    /** Internal values and the connection's addresses: available everywhere. */
    ANYWHERE(null),
    HTTP_REQUEST("HTTP request headers"),
    /** The request's method: kept after the headers are gone, so a log format may read it. */
    HTTP_REQUEST_LINE("HTTP request"),
    BACKEND("backend"),
    SERVER("server"),
    HTTP_RESPONSE("HTTP response"),
    HTTP_RESPONSE_HEADERS("HTTP response headers");

    private final String haproxyWord;

    SampleUse(String haproxyWord) {
        this.haproxyWord = haproxyWord;
    }

    /** How HAProxy names it in "needs '...' which is not available here". */
    public String haproxyWord() {
        return haproxyWord;
    }

    /** What a rule set offers in a frontend (or listen) section or in a backend. */
    static Set<SampleUse> offeredBy(RuleSet set, boolean backendSection) {
        return switch (set) {
            case TCP_CONNECTION -> EnumSet.of(ANYWHERE);
            case TCP_CONTENT, HTTP_REQUEST -> backendSection ? EnumSet.of(ANYWHERE, HTTP_REQUEST, HTTP_REQUEST_LINE, BACKEND)
                    : EnumSet.of(ANYWHERE, HTTP_REQUEST, HTTP_REQUEST_LINE);
            case HTTP_RESPONSE -> EnumSet.of(ANYWHERE, BACKEND, SERVER, HTTP_RESPONSE, HTTP_RESPONSE_HEADERS);
        };
    }

    /**
     * What a log format's {@code %[...]} may read: HAProxy 2.6 logs once the message headers are
     * released, so a header, the path or the URL there is refused at load ("needs 'HTTP request
     * headers' which is not available here"); the method, the status and the names remain.
     */
    static Set<SampleUse> offeredToLogs() {
        return EnumSet.of(ANYWHERE, HTTP_REQUEST_LINE, BACKEND, SERVER, HTTP_RESPONSE);
    }
}
