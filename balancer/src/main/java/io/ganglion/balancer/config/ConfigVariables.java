package io.ganglion.balancer.config;

import io.ganglion.balancer.Version;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/**
 * What a variable of the configuration is worth (HAProxy's configuration manual, 2.3): the
 * environment's value, or one of the variables HAProxy defines at startup, or a pseudo-variable that
 * says where the line is. Of HAProxy's startup variables only those that mean something before the
 * configuration is read are defined: {@code HAPROXY_LOCALPEER} (the host name: Ganglion has no
 * {@code -L}) and {@code HAPROXY_STARTUP_VERSION}; HAProxy itself sets {@code HAPROXY_CFGFILES} and
 * {@code HAPROXY_CLI} only after parsing, and {@code HAPROXY_MWORKER}/{@code HAPROXY_MASTER_CLI} in
 * master-worker mode, which Ganglion does not have.
 */
final class ConfigVariables {
    static final Set<String> PSEUDO_VARIABLES = Set.of(".FILE", ".LINE", ".SECTION");

    private final Function<String, String> environment;

    /** @param environment looks up a variable; returns null when it is not set */
    ConfigVariables(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param section the name of the section being read, its keyword when it has no name, "" before the first
     * @return the value, or null when the variable is not set
     */
    String value(String name, Source source, String section) {
        return switch (name) {
            case ".FILE" -> source.file();
            case ".LINE" -> Integer.toString(source.line());
            case ".SECTION" -> section;
            // HAProxy overwrites an inherited value with its own peer name, but keeps an inherited
            // startup version (a reloaded worker reports the version its master started with).
            case "HAPROXY_LOCALPEER" -> hostName();
            case "HAPROXY_STARTUP_VERSION" -> environment.apply(name) == null ? Version.VERSION : environment.apply(name);
            default -> environment.apply(name);
        };
    }

    /** The kernel's host name, as HAProxy's gethostname(); no DNS lookup unless the kernel does not say. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "localhost";
            }
        }
    }
}
