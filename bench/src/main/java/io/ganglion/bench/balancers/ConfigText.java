package io.ganglion.bench.balancers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the one configuration, in HAProxy's language, that both balancers of a run read: the
 * same frontends, backends, servers, timeouts and thread count, so the only difference between
 * two columns is the program. Only keywords of the subset the bundled balancer implements.
 */
public final class ConfigText {
    private final StringBuilder text = new StringBuilder();

    /**
     * @param threads {@code nbthread}: the same for both balancers (the figures are for 2)
     * @param socket  the unix stats socket, level admin
     */
    public ConfigText(int threads, Path socket) {
        text.append("global\n")
                .append("    maxconn 8000\n")
                .append("    nbthread ").append(threads).append('\n')
                .append("    stats socket ").append(socket).append(" mode 600 level admin\n")
                .append("    stats timeout 2m\n")
                .append("\ndefaults\n")
                .append("    mode http\n")
                .append("    timeout connect 5s\n")
                .append("    timeout client 30s\n")
                .append("    timeout server 30s\n")
                .append("    timeout http-keep-alive 30s\n")
                .append("    timeout http-request 10s\n");
    }

    public ConfigText frontend(String name, String mode, int port, String backend) {
        return frontend(name, mode, port, backend, List.of());
    }

    /** A frontend with lines of its own before its {@code default_backend} ({@code acl}, {@code http-request}...). */
    public ConfigText frontend(String name, String mode, int port, String backend, List<String> lines) {
        return frontend(name, mode, port, backend, "", lines);
    }

    /** As above, with options after the bind address ({@code ssl crt FILE}). */
    public ConfigText frontend(String name, String mode, int port, String backend, String bindOptions, List<String> lines) {
        text.append("\nfrontend ").append(name).append('\n')
                .append("    mode ").append(mode).append('\n')
                .append("    bind 127.0.0.1:").append(port).append(bindOptions.isEmpty() ? "" : " " + bindOptions).append('\n');
        lines.forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("    default_backend ").append(backend).append('\n');
        return this;
    }

    /** A backend of servers {@code <prefix>1..n}, spread over the given backend ports in turn. */
    public ConfigText backend(String name, String mode, String prefix, int count, List<Integer> ports) {
        List<ServerLine> servers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            servers.add(new ServerLine(prefix + i, "127.0.0.1:" + ports.get((i - 1) % ports.size()), 1));
        }
        return backend(name, mode, servers);
    }

    /** A {@code roundrobin} backend of these servers (none: an empty backend that an agent fills). */
    public ConfigText backend(String name, String mode, List<ServerLine> servers) {
        text.append("\nbackend ").append(name).append('\n')
                .append("    mode ").append(mode).append('\n')
                .append("    balance roundrobin\n");
        for (ServerLine server : servers) {
            text.append("    server ").append(server.name()).append(' ').append(server.address());
            if (server.weight() != 1) {
                text.append(" weight ").append(server.weight());
            }
            text.append('\n');
        }
        return this;
    }

    /** A backend holding only a stick table ({@code line} is what follows {@code stick-table}). */
    public ConfigText tableBackend(String name, String line) {
        text.append("\nbackend ").append(name).append('\n')
                .append("    stick-table ").append(line).append('\n');
        return this;
    }

    /** A line added to the section written last, e.g. an {@code http-request} rule of a frontend. */
    public ConfigText line(String line) {
        text.append("    ").append(line).append('\n');
        return this;
    }

    /** A global setting added after the common ones, e.g. {@code hard-stop-after 30s}. */
    public ConfigText global(String line) {
        int defaults = text.indexOf("\ndefaults\n");
        text.insert(defaults, "    " + line + "\n");
        return this;
    }

    /**
     * One {@code server} line.
     *
     * @param address {@code host:port}
     * @param weight  written only when it is not HAProxy's default, 1
     */
    public record ServerLine(String name, String address, int weight) {
    }

    public String text() {
        return text.toString();
    }
}
