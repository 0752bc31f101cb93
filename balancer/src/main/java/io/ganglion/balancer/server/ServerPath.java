package io.ganglion.balancer.server;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.CommandException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A socket command's {@code <backend>/<server>} argument, found as HAProxy 2.6's
 * {@code cli_find_server} finds it, with its words for each miss.
 */
public final class ServerPath {

    private ServerPath() {
    }

    /** The backend part; @throws CommandException when the argument is not {@code backend/server} or the backend is unknown */
    public static Backend backend(Function<String, Optional<Backend>> backends, String backendSlashServer) {
        int slash = backendSlashServer.indexOf('/');
        // HAProxy refuses an empty half with the same words as a missing slash ("be/", "/srv").
        if (slash <= 0 || slash == backendSlashServer.length() - 1) {
            throw new CommandException("Require 'backend/server'.\n");
        }
        return backends.apply(backendSlashServer.substring(0, slash))
                .orElseThrow(() -> new CommandException("No such backend.\n"));
    }

    /** The server part, after {@link #backend}. */
    public static String serverName(String backendSlashServer) {
        return backendSlashServer.substring(backendSlashServer.indexOf('/') + 1);
    }

    /** @throws CommandException as {@link #backend}, or when the backend has no such server */
    public static Server server(Function<String, Optional<Backend>> backends, String backendSlashServer) {
        Backend b = backend(backends, backendSlashServer);
        return b.server(serverName(backendSlashServer)).orElseThrow(() -> new CommandException("No such server.\n"));
    }
}
