package io.ganglion.balancer.config;

/** {@code mode tcp|http}. */
public enum ProxyMode {
    TCP, HTTP;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
