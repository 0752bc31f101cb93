package io.ganglion.balancer.rules;

/** The configuration text the rule tests share. */
final class RuleConfigs {
    /** An HTTP {@code defaults} section with every timeout HAProxy wants. */
    static final String HTTP_DEFAULTS = """
            defaults
                mode http
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            """;

    private RuleConfigs() {
    }

    /** A {@code global} section with an admin socket at {@code socket}, then {@link #HTTP_DEFAULTS}. */
    static String withSocket(Object socket) {
        return "global\n    stats socket " + socket + " level admin\n" + HTTP_DEFAULTS;
    }
}
