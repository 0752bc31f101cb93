package io.ganglion.balancer.pattern;

/**
 * What a map's values must be for the converter reading them: {@code map_ip} returns strings,
 * {@code map_ip_int} integers, {@code map_str_ip} addresses. An ACL's reference has no values.
 */
public enum ValueKind {
    NONE, STR, INT, IP;

    /** HAProxy 2.6.12's answer to {@code add map} with a value its converter cannot read, integer or address alike. */
    private static String unparsable(String value) {
        return "unable to parse '" + value + "'.";
    }

    /** Refuses a value this kind cannot read; the text is what HAProxy 2.6 reports. */
    void check(String value) throws PatternException {
        switch (this) {
            case INT -> {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new PatternException(unparsable(value));
                }
            }
            case IP -> {
                if (IpKey.tryParse(value) == null || value.indexOf('/') >= 0) {
                    throw new PatternException(unparsable(value));
                }
            }
            default -> {
            }
        }
    }
}
