package io.ganglion.balancer.config;

import java.net.InetSocketAddress;

/**
 * One address of a {@code bind} line ({@code bind 127.0.0.1:80,[::1]:80} gives two).
 *
 * @param address resolved address; the wildcard {@code *} or an empty host binds every IPv4 address
 * @param text    the address as written, for messages and {@code show stat}'s listener names
 */
public record BindSpec(InetSocketAddress address, String text, Source source) {
}
