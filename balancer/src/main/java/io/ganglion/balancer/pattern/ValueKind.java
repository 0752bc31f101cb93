package io.ganglion.balancer.pattern;

/**
 * What a map's values must be for the converter reading them: {@code map_ip} returns strings,
 * {@code map_ip_int} integers, {@code map_str_ip} addresses. An ACL's reference has no values.
 */
public enum ValueKind {
    NONE, STR, INT, IP;

    /** Refuses a value this kind cannot read; the text is what HAProxy 2.6 reports. */
    void check(String value) throws PatternException {
        switch (this) {
            case INT -> {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new PatternException("unable to parse '" + value + "' as integer.");
                }
            }
            case IP -> {
                if (IpKey.tryParse(value) == null || value.indexOf('/') >= 0) {
                    throw new PatternException("'" + value + "' is not a valid IPv4 or IPv6 address.");
                }
            }
            default -> {
            }
        }
    }
}
