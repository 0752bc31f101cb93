package io.ganglion.balancer.config;

import io.ganglion.balancer.Version;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
 *
 * <p>{@code setenv}, {@code presetenv}, {@code unsetenv} and {@code resetenv} change the variables
 * for the lines after them ({@link EnvironmentKeywords}); the process's own environment is left
 * alone. One instance serves one parse, on the parsing thread.
 */
final class ConfigVariables {
    static final Set<String> PSEUDO_VARIABLES = Set.of(".FILE", ".LINE", ".SECTION");

    private final Function<String, String> environment;
    /** Variables set (a value) or unset (null) by the configuration itself, over the environment. */
    private final Map<String, String> changed = new HashMap<>();
    /** {@code resetenv}: the environment is gone, only {@link #changed} remains. */
    private boolean environmentCleared;

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
            default -> value(name);
        };
    }

    /** A variable's value (never a pseudo-variable), or null when it is not set. */
    String value(String name) {
        if (changed.containsKey(name)) {
            return changed.get(name);
        }
        if (environmentCleared) {
            return null;
        }
        return switch (name) {
            // HAProxy overwrites an inherited value with its own peer name, but keeps an inherited
            // startup version (a reloaded worker reports the version its master started with).
            case "HAPROXY_LOCALPEER" -> hostName();
            case "HAPROXY_STARTUP_VERSION" -> environment.apply(name) == null ? Version.VERSION : environment.apply(name);
            default -> environment.apply(name);
        };
    }

    void set(String name, String value) {
        changed.put(name, value);
    }

    void unset(String name) {
        changed.put(name, null);
    }

    /** Unsets every variable but {@code kept}. */
    void keepOnly(Set<String> kept) {
        Map<String, String> values = new HashMap<>();
        kept.forEach(name -> values.put(name, value(name)));
        changed.clear();
        changed.putAll(values);
        environmentCleared = true;
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
