package io.ganglion.balancer.module;

/**
 * A action keyword a package declares in {@link BalancerModule}. Only its name exists yet: the
 * rules issue gives it its arguments, its evaluation and the places it may be used.
 */
public interface ActionKeyword {
    String name();
}
