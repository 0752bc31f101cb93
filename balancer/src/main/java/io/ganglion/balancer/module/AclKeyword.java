package io.ganglion.balancer.module;

import io.ganglion.balancer.pattern.MatchMethod;

/**
 * An ACL keyword that is a fetch with its own matching method ({@code path_beg} is {@code path}
 * matched with {@code beg}), as HAProxy's ACL keyword tables declare them. Only usable in ACLs, not
 * in sample expressions.
 */
public record AclKeyword(String name, String fetch, MatchMethod method) {
}
