package io.ganglion.balancer.rules;

/** The rule sets an action may be declared for, as HAProxy names them. */
public enum RuleSet {
    HTTP_REQUEST("http-request"), HTTP_RESPONSE("http-response"), TCP_CONNECTION("tcp-request connection"),
    TCP_CONTENT("tcp-request content");

    private final String keyword;

    RuleSet(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
