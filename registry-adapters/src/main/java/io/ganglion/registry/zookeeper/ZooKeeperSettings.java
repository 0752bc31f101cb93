package io.ganglion.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach a ZooKeeper ensemble.
 *
 * @param connectString     {@code host:port[,host:port...][/chroot]}, as ZooKeeper takes it
 * @param sessionTimeout    the session ZooKeeper keeps for us while we are away (ephemeral nodes
 *                          live that long after a disconnection)
 * @param connectionTimeout how long one connection attempt may take
 * @param digest            {@code user:password} for ZooKeeper's digest scheme, if the tree needs it
 */
public record ZooKeeperSettings(
        String connectString, Duration sessionTimeout, Duration connectionTimeout, Optional<String> digest) {

    private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    public ZooKeeperSettings {
        requireNonNull(connectString, "connectString");
        requireNonNull(sessionTimeout, "sessionTimeout");
        requireNonNull(connectionTimeout, "connectionTimeout");
        requireNonNull(digest, "digest");
        validateConnectString(connectString);
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || connectionTimeout.isNegative() || connectionTimeout.isZero()) {
            throw new IllegalArgumentException("ZooKeeper timeouts must be positive, got session "
                    + sessionTimeout + " and connection " + connectionTimeout);
        }
        if (digest.isPresent() && digest.get().indexOf(':') <= 0) {
            throw new IllegalArgumentException("ZooKeeper digest credentials must be user:password");
        }
    }

    /** Curator's usual timeouts (60 s session, 15 s connection), no credentials. */
    public static ZooKeeperSettings of(String connectString) {
        return new ZooKeeperSettings(connectString, Duration.ofSeconds(60), Duration.ofSeconds(15), Optional.empty());
    }

    public ZooKeeperSettings withTimeouts(Duration session, Duration connection) {
        return new ZooKeeperSettings(connectString, session, connection, digest);
    }

    public ZooKeeperSettings withDigest(String userColonPassword) {
        return new ZooKeeperSettings(connectString, sessionTimeout, connectionTimeout, Optional.of(userColonPassword));
    }

    /** The chroot suffix of the connect string, if any (e.g. {@code /smartstack}). */
    public Optional<String> chroot() {
        int slash = connectString.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(connectString.substring(slash));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ZooKeeperSettings[" + connectString + ", session " + sessionTimeout + ", connection "
                + connectionTimeout + (digest.isPresent() ? ", digest " + digest.get().substring(0, digest.get().indexOf(':')) + ":***" : "") + "]";
    }

    private static void validateConnectString(String connectString) {
        int slash = connectString.indexOf('/');
        String servers = slash < 0 ? connectString : connectString.substring(0, slash);
        if (servers.isBlank()) {
            throw new IllegalArgumentException("ZooKeeper connect string \"" + connectString + "\" names no server");
        }
        for (String server : servers.split(",", -1)) {
            if (!SERVER.matcher(server.trim()).matches()) {
                throw new IllegalArgumentException("ZooKeeper connect string \"" + connectString
                        + "\": \"" + server + "\" is not host:port");
            }
        }
        if (slash >= 0) {
            String chroot = connectString.substring(slash);
            if (chroot.length() > 1 && (chroot.endsWith("/") || chroot.contains("//"))) {
                throw new IllegalArgumentException("ZooKeeper connect string \"" + connectString
                        + "\": chroot \"" + chroot + "\" must be an absolute path without a trailing or double slash");
            }
        }
    }
}
