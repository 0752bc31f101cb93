package io.ganglion.balancer.server;

import io.ganglion.balancer.check.CheckOptions;
import static io.ganglion.balancer.config.AccessLevel.ADMIN;
import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.lb.BalanceKeywords;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The socket commands that read and change servers, with HAProxy 2.6's words for every answer:
 * {@code set server}, {@code get weight}, {@code set weight}, {@code enable|disable server},
 * {@code enable|disable health}, {@code set maxconn server}, {@code add server}, {@code del server}.
 *
 * <p>Every change runs on the control executor, one at a time, so two sessions never interleave
 * half-applied changes; the data path sees each change as one new snapshot.
 */
public final class ServerCommands {
    private static final String BY_CLI = " by 'stats socket command'";

    private final Function<String, Optional<Backend>> backends;
    private final Executor control;
    private final ServerSpecParser parser;

    private ServerCommands(Function<String, Optional<Backend>> backends, Executor control, ServerSpecParser parser) {
        this.backends = backends;
        this.control = control;
        this.parser = parser;
    }

    /**
     * @param backends finds a backend by name
     * @param control  the single thread that applies changes
     * @param parser   {@code add server}'s options: the same as the config's {@code server} lines
     */
    public static CommandTable table(Function<String, Optional<Backend>> backends, Executor control,
            ServerSpecParser parser) {
        ServerCommands c = new ServerCommands(backends, control, parser);
        return CommandTable.of("server",
                CliCommand.haproxy(ADMIN, c.onControl(c::setServer), "set", "server"),
                CliCommand.haproxy(USER, CommandHandler.sync(c::getWeight), "get", "weight"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.setWeight(c.server(r.arg(2)), r.arg(3))), "set", "weight"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.setAdmin(r.arg(2), AdminState.READY)), "enable", "server"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.setAdmin(r.arg(2), AdminState.MAINT)), "disable", "server"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.enableHealth(r.arg(2))), "enable", "health"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.disableHealth(r.arg(2))), "disable", "health"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.enableAgent(r.arg(2))), "enable", "agent"),
                CliCommand.haproxy(ADMIN, c.onControl(r -> c.disableAgent(r.arg(2))), "disable", "agent"),
                CliCommand.haproxy(ADMIN, c.onControl(c::setMaxconn), "set", "maxconn", "server"),
                CliCommand.haproxy(ADMIN, c.onControl(c::addServer), "add", "server"),
                CliCommand.haproxy(ADMIN, c.onControl(c::delServer), "del", "server"));
    }

    /** Runs a synchronous handler on the control executor. */
    private CommandHandler onControl(CommandHandler.SyncHandler handler) {
        return CommandHandler.on(control, handler);
    }

    // ---- lookup --------------------------------------------------------------------------------

    private record Target(Backend backend, String serverName) {
    }

    private Target target(String backendSlashServer) {
        return new Target(ServerPath.backend(backends, backendSlashServer), ServerPath.serverName(backendSlashServer));
    }

    private Server server(String backendSlashServer) {
        return ServerPath.server(backends, backendSlashServer);
    }

    // ---- set server ----------------------------------------------------------------------------

    private String setServer(CommandRequest r) {
        Server s = server(r.arg(2));
        String what = r.arg(3);
        return switch (what) {
            case "state" -> setState(s, r.arg(4));
            case "weight" -> setWeight(s, r.arg(4));
            case "addr" -> setAddr(s, r);
            case "check-port" -> setCheckPort(s, r.arg(4));
            case "health" -> setHealth(s, r.arg(4));
            case "agent" -> setAgent(s, r.arg(4));
            case "agent-addr" -> setAgentAddr(s, r.arg(4), r.arg(5).equals("port") ? r.arg(6) : null);
            case "agent-port" -> setAgentPort(s, r.arg(4));
            case "agent-send" -> setAgentSend(s, r.arg(4));
            case "check-addr", "fqdn", "ssl" -> throw new CommandException(
                    "'set server <srv> " + what + "' is not supported by Ganglion.\n");
            default -> throw new CommandException("usage: set server <backend>/<server> addr | agent | agent-addr"
                    + " | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n");
        };
    }

    private static String setState(Server s, String state) {
        AdminState admin = switch (state) {
            case "ready" -> AdminState.READY;
            case "drain" -> AdminState.DRAIN;
            case "maint" -> AdminState.MAINT;
            default -> throw new CommandException("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n");
        };
        s.update(st -> st.withAdmin(admin), "changed from CLI");
        return "";
    }

    private String setAdmin(String backendSlashServer, AdminState admin) {
        Server s = server(backendSlashServer);
        s.update(st -> st.withAdmin(admin), "changed from CLI");
        return "";
    }

    private static String setHealth(Server s, String health) {
        OperationalState op = switch (health) {
            case "up" -> OperationalState.UP;
            case "stopping" -> OperationalState.STOPPING;
            case "down" -> OperationalState.DOWN;
            default -> throw new CommandException("'set server <srv> health' expects 'up', 'stopping', or 'down'.\n");
        };
        // As HAProxy: forcing UP fills the health counter, DOWN empties it; the checks go on from there.
        if (op == OperationalState.UP) {
            s.checkHealth(s.spec().get(CheckOptions.RISE) + s.spec().get(CheckOptions.FALL) - 1);
        } else if (op == OperationalState.DOWN) {
            s.checkHealth(0);
        }
        s.update(st -> st.withHealth(op), "changed from CLI");
        return "";
    }

    private String setWeight(Server s, String text) {
        int weight = WeightRequest.parse(text, s.initialWeight());
        Backend b = backends.apply(s.backendName()).orElseThrow();
        if (b.config().get(BalanceKeywords.BALANCE).isStatic() && weight != 0 && weight != s.initialWeight()) {
            throw new CommandException("Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n");
        }
        s.update(st -> st.withWeight(weight), "changed from CLI");
        return "";
    }

    private String getWeight(CommandRequest r) {
        Server s = server(r.arg(2));
        return s.settings().weight() + " (initial " + s.initialWeight() + ")\n";
    }

    private static String setAddr(Server s, CommandRequest r) {
        String addrText = r.arg(4);
        if (addrText.isEmpty()) {
            throw new CommandException("set server <b>/<s> addr requires an address and optionally a port.\n");
        }
        java.net.InetAddress addr = IpLiteral.parse(addrText)
                .orElseThrow(() -> new CommandException("Invalid addr '" + addrText + "'" + BY_CLI + "\n"));
        var current = s.settings().address();
        int port = current.getPort();
        if (r.arg(5).equals("port")) {
            try {
                port = Integer.parseInt(r.arg(6));
            } catch (NumberFormatException e) {
                throw new CommandException("problem converting port '" + r.arg(6) + "' to an int" + BY_CLI + "\n");
            }
            if (port < 1 || port > 65535) {
                throw new CommandException("problem converting port '" + r.arg(6) + "' to an int" + BY_CLI + "\n");
            }
        }
        StringBuilder report = new StringBuilder();
        if (addr.equals(current.getAddress())) {
            report.append("no need to change the addr");
        } else {
            report.append("IP changed from '").append(current.getAddress().getHostAddress()).append("' to '")
                    .append(addr.getHostAddress()).append('\'');
        }
        if (r.arg(5).equals("port")) {
            if (port == current.getPort()) {
                report.append(", no need to change the port");
            } else {
                report.append(", port changed from '").append(current.getPort()).append("' to '").append(port).append('\'');
            }
        }
        java.net.InetSocketAddress next = new java.net.InetSocketAddress(addr, port);
        s.update(st -> st.withAddress(next), "changed from CLI");
        return report.append(BY_CLI).append('\n').toString();
    }

    private static String setCheckPort(Server s, String text) {
        if (text.isEmpty()) {
            throw new CommandException("set server <b>/<s> check-port requires a port.\n");
        }
        if (!s.spec().get(CheckOptions.CHECK)) {
            throw new CommandException("health checks are not enabled on this server\n");
        }
        int port = port(text, 1);
        s.update(st -> st.withCheckPort(port), "changed from CLI");
        return "";
    }

    private String enableHealth(String backendSlashServer) {
        Server s = server(backendSlashServer);
        if (!s.spec().get(CheckOptions.CHECK)) {
            throw new CommandException("Health check was not configured on this server, cannot enable.\n");
        }
        s.update(st -> st.withChecksEnabled(true), "changed from CLI");
        return "";
    }

    /** With its checks stopped a server is considered UP, as in HAProxy. */
    private String disableHealth(String backendSlashServer) {
        Server s = server(backendSlashServer);
        s.update(st -> st.withChecksEnabled(false).withHealth(OperationalState.UP), "changed from CLI");
        return "";
    }

    // ---- agent checks (HAProxy 2.6's words, the final dot where HAProxy has one) ------------------

    private String enableAgent(String backendSlashServer) {
        Server s = server(backendSlashServer);
        if (!s.agent().configured()) {
            throw new CommandException("Agent was not configured on this server, cannot enable.\n");
        }
        s.agent(a -> a.withEnabled(true));
        return "";
    }

    /** Without its agent, a server held DOWN by it only by it comes back UP, as in HAProxy. */
    private String disableAgent(String backendSlashServer) {
        Server s = server(backendSlashServer);
        s.agent(a -> a.withEnabled(false));
        if (s.settings().health() == OperationalState.DOWN && s.tracked() == null && s.checksAllowUp()) {
            s.update(st -> st.withHealth(OperationalState.UP), "changed from CLI");
        }
        return "";
    }

    /** Forces the agent's health, as if it had answered {@code up} or {@code down}. */
    private static String setAgent(Server s, String word) {
        if (!s.agent().enabled()) {
            throw new CommandException("agent checks are not enabled on this server.\n");
        }
        boolean up = switch (word) {
            case "up" -> true;
            case "down" -> false;
            default -> throw new CommandException("'set server <srv> agent' expects 'up' or 'down'.\n");
        };
        s.agent(a -> a.withUp(up));
        if (!up) {
            s.update(st -> st.withHealth(OperationalState.DOWN), "changed from CLI");
        } else if (s.settings().health() == OperationalState.DOWN && s.checksAllowUp()) {
            s.update(st -> st.withHealth(OperationalState.UP), "changed from CLI");
        }
        return "";
    }

    /** @param portText the word after {@code port}, or null when no {@code port} follows the address */
    private static String setAgentAddr(Server s, String text, String portText) {
        if (!s.agent().enabled()) {
            throw new CommandException("agent checks are not enabled on this server\n");
        }
        if (text.isEmpty()) {
            throw new CommandException("set server <b>/<s> agent-addr requires an address and optionally a port.\n");
        }
        java.net.InetAddress addr = IpLiteral.parse(text)
                .orElseThrow(() -> new CommandException("invalid addr '" + text + "'\n"));
        int port = portText == null ? s.agent().port() : port(portText, 0);
        s.agent(a -> a.withAddr(addr.getHostAddress()).withPort(port));
        return "";
    }

    private static String setAgentPort(Server s, String text) {
        if (!s.agent().enabled()) {
            throw new CommandException("agent checks are not enabled on this server\n");
        }
        if (text.isEmpty()) {
            throw new CommandException("set server <b>/<s> agent-port requires a port.\n");
        }
        int port = port(text, 0);
        s.agent(a -> a.withPort(port));
        return "";
    }

    /** A port of {@code check-port} (from 1) or of the agent (from 0, as HAProxy 2.6 takes it), in HAProxy's words. */
    private static int port(String text, int lowest) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new CommandException("provided port is not an integer\n");
        }
        if (port < lowest || port > 65535) {
            throw new CommandException("provided port is invalid\n");
        }
        return port;
    }

    private static String setAgentSend(Server s, String text) {
        if (!s.agent().enabled()) {
            throw new CommandException("agent checks are not enabled on this server.\n");
        }
        s.agent(a -> a.withSend(text));
        return "";
    }

    private String setMaxconn(CommandRequest r) {
        Server s = server(r.arg(3));
        String text = r.arg(4);
        if (text.isEmpty()) {
            throw new CommandException("Require <maxconn>.\n");
        }
        int maxconn = StrtolLike.parse(text, "maxconn");
        s.update(st -> st.withMaxconn(Math.max(0, maxconn)), "changed from CLI");
        return "";
    }

    // ---- dynamic servers -----------------------------------------------------------------------

    private String addServer(CommandRequest r) {
        Target t = target(r.arg(2));
        Backend b = t.backend();
        if (b.config().get(BalanceKeywords.BALANCE).isStatic()) {
            throw new CommandException("Backend must use a dynamic load balancing to support dynamic servers.\n");
        }
        if (r.arg(3).isEmpty() || t.serverName().isEmpty()) {
            throw new CommandException("'server' expects <name> and <addr>[:<port>] as arguments.\n");
        }
        ServerSpec spec;
        try {
            spec = parser.parse(t.serverName(), r.arg(3), r.args().subList(4, r.args().size()),
                    Source.STATS_SOCKET, ServerSpec.DEFAULTS);
        } catch (KeywordException e) {
            String m = e.getMessage();
            throw new CommandException(m.endsWith("\n") ? m : m + "\n");
        }
        String track = spec.get(CheckOptions.TRACK);
        Server tracked = track == null ? null : trackTarget(b, track);
        Server added;
        try {
            added = b.addServer(spec);
        } catch (IllegalStateException e) {
            throw new CommandException(e.getMessage() + "\n");
        }
        if (tracked != null) {
            added.track(tracked);
        }
        return "New server registered.\n";
    }

    /** The server that {@code add server ... track [B/]S} names, refused with HAProxy 2.6's words. */
    private Server trackTarget(Backend own, String track) {
        int slash = track.indexOf('/');
        Backend b = slash < 0 ? own : backends.apply(track.substring(0, slash)).orElseThrow(() -> new CommandException(
                "unable to find required proxy '" + track.substring(0, slash) + "' for tracking.\n"));
        Server s = b.server(track.substring(slash + 1)).orElseThrow(() -> new CommandException(
                "unable to find required server '" + track.substring(slash + 1) + "' for tracking.\n"));
        if (s.isDynamic()) {
            throw new CommandException("unable to use " + s.qualifiedName() + " for tracking as it is a dynamic server.\n");
        }
        if (!CheckOptions.isTrackable(s.spec())) {
            throw new CommandException("unable to use " + s.qualifiedName()
                    + " for tracking as it does not have any check nor agent enabled.\n");
        }
        return s;
    }

    private String delServer(CommandRequest r) {
        Target t = target(r.arg(2));
        Backend b = t.backend();
        Server s = b.server(t.serverName()).orElseThrow(() -> new CommandException("No such server.\n"));
        if (b.config().get(BalanceKeywords.BALANCE).isStatic()) {
            throw new CommandException("Backend must use a dynamic load balancing to support dynamic servers.\n");
        }
        if (s.isTracked()) {
            throw new CommandException("This server cannot be removed at runtime due to other configuration elements"
                    + " pointing to it.\n");
        }
        if (s.settings().effectiveAdmin() != AdminState.MAINT) {
            throw new CommandException("Only servers in maintenance mode can be deleted.\n");
        }
        if (s.activeConnections() > 0) {
            throw new CommandException("Server still has connections attached to it, cannot remove it.\n");
        }
        b.removeServer(s);
        s.untrack();
        return "Server deleted.\n";
    }
}
