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
            case TCP_CONTENT, HTTP_REQUEST -> backendSection ? EnumSet.of(ANYWHERE, HTTP_REQUEST, BACKEND)
                    : EnumSet.of(ANYWHERE, HTTP_REQUEST);
            case HTTP_RESPONSE -> EnumSet.of(ANYWHERE, BACKEND, SERVER, HTTP_RESPONSE, HTTP_RESPONSE_HEADERS);
        };
    }
}
