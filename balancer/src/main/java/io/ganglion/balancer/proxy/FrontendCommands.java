package io.ganglion.balancer.proxy;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;

import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.concurrent.Executor;

/**
 * {@code enable|disable frontend}, {@code set maxconn frontend|global} and {@code set rate-limit},
 * with HAProxy 2.6's words. Disabling a frontend closes its listening sockets, so its ports are
 * free until it is enabled.
 */
public final class FrontendCommands {
    /** What the commands act on; the balancer implements it. */
    public interface Frontends {
        java.util.Optional<Frontend> frontend(String name);

        void disable(Frontend f);

        /** @throws Exception with the reason when an address cannot be bound again */
        void enable(Frontend f) throws Exception;

        void setFrontendMaxconn(Frontend f, int maxconn);

        /** The configured global maxconn: the most {@code set maxconn global} may set. */
        int initialGlobalMaxconn();

        void setGlobalMaxconn(int maxconn);

        /** {@code set rate-limit connections global}; 0 = no limit. */
        void setConnectionRateLimit(int perSecond);

        /** {@code set rate-limit sessions global}; 0 = no limit. */
        void setSessionRateLimit(int perSecond);

        /** What the listeners put first on each connection (the tls package's handshake); set at start. */
        void setConnectionLayer(io.ganglion.balancer.proxy.ConnectionLayer layer);
    }

    /**
     * The settings {@code set rate-limit} knows, in HAProxy's words. HAProxy also has
     * {@code ssl-sessions global} and {@code http-compression global}; Ganglion has neither TLS
     * nor compression, so it answers as an HAProxy built without them does (without OpenSSL,
     * HAProxy leaves the ssl-sessions line out of this text and refuses the setting).
     */
    private static final String RATE_LIMIT_SETTINGS = "'set rate-limit' only supports :\n"
            + "   - 'connections global' to set the per-process maximum connection rate\n"
            + "   - 'sessions global' to set the per-process maximum session rate\n";

    private final Frontends frontends;
    private final Executor control;

    private FrontendCommands(Frontends frontends, Executor control) {
        this.frontends = frontends;
        this.control = control;
    }

    public static CommandTable table(Frontends frontends, Executor control) {
        FrontendCommands c = new FrontendCommands(frontends, control);
        return CommandTable.of("proxy",
                CliCommand.haproxy(ADMIN, c.onControl(c::disable), "disable", "frontend"),
                CliCommand.haproxy(ADMIN, c.onControl(c::enable), "enable", "frontend"),
                CliCommand.haproxy(ADMIN, c.onControl(c::setFrontendMaxconn), "set", "maxconn", "frontend"),
                CliCommand.haproxy(ADMIN, c.onControl(c::setGlobalMaxconn), "set", "maxconn", "global"),
                CliCommand.haproxy(ADMIN, c.onControl(c::setRateLimit), "set", "rate-limit"));
    }

    private CommandHandler onControl(CommandHandler.SyncHandler handler) {
        return CommandHandler.on(control, handler);
    }

    private Frontend frontend(String name) {
        if (name.isEmpty()) {
            throw new CommandException("A frontend name is expected.\n");
        }
        return frontends.frontend(name).orElseThrow(() -> new CommandException("No such frontend.\n"));
    }

    private String disable(CommandRequest r) {
        Frontend f = frontend(r.arg(2));
        if (!f.isEnabled()) {
            return "All sockets are already disabled.\n";
        }
        frontends.disable(f);
        return "";
    }

    private String enable(CommandRequest r) {
        Frontend f = frontend(r.arg(2));
        if (f.isEnabled()) {
            return "All sockets are already enabled.\n";
        }
        try {
            frontends.enable(f);
        } catch (Exception e) {
            throw new CommandException("Failed to resume frontend, check logs for precise cause (port conflict?).\n");
        }
        return "";
    }

    private String setFrontendMaxconn(CommandRequest r) {
        Frontend f = frontend(r.arg(3));
        int v = integer(r.arg(4), "Integer value expected.\n");
        if (v < 0) {
            throw new CommandException("Value out of range.\n");
        }
        frontends.setFrontendMaxconn(f, v);
        return "";
    }

    private String setGlobalMaxconn(CommandRequest r) {
        int v = integer(r.arg(3), "Expects an integer value.\n");
        int hard = frontends.initialGlobalMaxconn();
        if (v > hard) {
            throw new CommandException("Value out of range.\n");
        }
        frontends.setGlobalMaxconn(v <= 0 ? hard : v);
        return "";
    }

    /** {@code set rate-limit connections|sessions global N}, N per second, 0 for no limit. */
    private String setRateLimit(CommandRequest r) {
        boolean global = r.arg(3).equals("global");
        boolean connections = global && r.arg(2).equals("connections");
        boolean sessions = global && r.arg(2).equals("sessions");
        if (!connections && !sessions) {
            throw new CommandException(RATE_LIMIT_SETTINGS);
        }
        if (r.arg(4).isEmpty()) {
            throw new CommandException("Expects an integer value.\n");
        }
        long v = longInteger(r.arg(4), "Expects an integer value.\n");
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CommandException("Value out of range.\n");
        }
        if (connections) {
            frontends.setConnectionRateLimit((int) v);
        } else {
            frontends.setSessionRateLimit((int) v);
        }
        return "";
    }

    private static long longInteger(String text, String error) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CommandException(error);
        }
    }

    private static int integer(String text, String error) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new CommandException(error);
        }
    }
}
