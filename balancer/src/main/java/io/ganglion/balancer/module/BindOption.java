package io.ganglion.balancer.module;

/**
 * An option of a {@code bind} line that a package declares in {@link BalancerModule} ({@code ssl},
 * {@code crt}... from the TLS issue on). Only its name exists yet.
 */
public interface BindOption {
    String name();
}
