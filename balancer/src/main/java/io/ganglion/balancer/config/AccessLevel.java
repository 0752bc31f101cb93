package io.ganglion.balancer.config;

/** Runtime API access levels, lowest first: a session may do what its level and every lower one may. */
public enum AccessLevel {
    USER, OPERATOR, ADMIN;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean allows(AccessLevel required) {
        return compareTo(required) >= 0;
    }
}
