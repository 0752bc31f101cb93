package io.ganglion.balancer.config;

/** Which section declared a proxy: a {@code listen} is both a frontend and a backend. */
public enum ProxyKind {
    FRONTEND, BACKEND, LISTEN;

    public boolean isFrontend() {
        return this != BACKEND;
    }

    public boolean isBackend() {
        return this != FRONTEND;
    }

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
