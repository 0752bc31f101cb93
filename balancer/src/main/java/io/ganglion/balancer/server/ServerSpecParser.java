package io.ganglion.balancer.server;

import io.ganglion.balancer.config.AddressParser;
import io.ganglion.balancer.config.AgentSpec;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.config.TimeParser;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Parses a server's address and options: shared by the {@code server} and {@code default-server}
 * config keywords and the run-time {@code add server} command, so both accept exactly the same
 * options. Error messages are HAProxy's CLI wording (the config adds {@code 'server B/S' : } before).
 */
public final class ServerSpecParser {
    private ServerSpecParser() {
    }

    /**
     * @param defaults the {@code default-server} settings in force
     * @throws KeywordException with HAProxy's wording, e.g. {@code weight of server x is not within 0 and 256 (300)..}
     */
    public static ServerSpec parse(String name, String address, List<String> options, Source source, ServerSpec defaults)
            throws KeywordException {
        AddressParser.HostPort hp = AddressParser.split(address);
        try {
            AddressParser.resolve(hp.host());
        } catch (UnknownHostException e) {
            throw new KeywordException("could not resolve address '" + hp.host() + "'.");
        }
        ServerSpec base = new ServerSpec(name, hp.host(), hp.port(), defaults.weight(), defaults.check(),
                defaults.inter(), defaults.rise(), defaults.fall(), defaults.checkPort(), defaults.maxconn(),
                defaults.backup(), defaults.disabled(), defaults.slowstart(), source, defaults.agent(), defaults.track());
        ServerSpec s = applyOptions(base, options);
        if (s.check() && s.track() != null) {
            throw new KeywordException("unable to enable checks and tracking at the same time!");
        }
        if (s.agent().enabled() && s.agent().port() == 0) {
            throw new KeywordException("server " + name + " does not have agent port. Agent check has been disabled.");
        }
        return s;
    }

    /** Applies {@code options} (the words after the address, or after {@code default-server}) to {@code s}. */
    public static ServerSpec applyOptions(ServerSpec s, List<String> options) throws KeywordException {
        int i = 0;
        while (i < options.size()) {
            String option = options.get(i);
            String value = i + 1 < options.size() ? options.get(i + 1) : null;
            int used = 2;
            switch (option) {
                case "weight" -> s = withWeight(s, weight(s.name(), value));
                case "inter" -> s = withInter(s, delay(s.name(), "inter", value));
                case "slowstart" -> s = withSlowstart(s, delay(s.name(), "slowstart", value));
                case "rise" -> s = withRise(s, positive("rise", value));
                case "fall" -> s = withFall(s, positive("fall", value));
                case "port" -> s = withCheckPort(s, port(value));
                case "maxconn" -> s = withMaxconn(s, count("maxconn", value));
                case "agent-port" -> s = withAgent(s, s.agent().withPort(agentPort(value)));
                case "agent-inter" -> s = withAgent(s, s.agent().withInter(agentInter(s.name(), value)));
                case "agent-addr" -> s = withAgent(s, s.agent().withAddr(agentAddr(value)));
                case "agent-send" -> s = withAgent(s, s.agent().withSend(required(value, "'agent-send' expects a string as argument..")));
                case "track" -> s = withTrack(s, required(value, "'track' expects [<proxy>/]<server> as argument.."));
                default -> {
                    used = 1;
                    s = flag(s, option);
                }
            }
            i += used;
        }
        return s;
    }

    private static ServerSpec flag(ServerSpec s, String option) throws KeywordException {
        return switch (option) {
            case "check" -> copy(s, s.weight(), true, s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
            case "no-check" -> copy(s, s.weight(), false, s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
            case "backup" -> copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), true, s.disabled(), s.slowstart());
            case "no-backup" -> copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), false, s.disabled(), s.slowstart());
            case "disabled" -> copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), true, s.slowstart());
            case "enabled" -> copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), false, s.slowstart());
            case "agent-check" -> withAgent(s, s.agent().withEnabled(true));
            case "no-agent-check" -> withAgent(s, s.agent().withEnabled(false));
            default -> throw new KeywordException("unknown keyword '" + option + "'.");
        };
    }

    private static String required(String value, String message) throws KeywordException {
        if (value == null || value.isEmpty()) {
            throw new KeywordException(message);
        }
        return value;
    }

    /**
     * HAProxy reads the port with {@code atol} and takes {@code x} or 70000 without a word (and
     * then a port of 0 or a truncated one); Ganglion refuses what is not a TCP port.
     */
    private static int agentPort(String value) throws KeywordException {
        String text = required(value, "'agent-port' expects a port number as argument..");
        if (!text.chars().allMatch(Character::isDigit) || text.length() > 5 || Integer.parseInt(text) > 65535) {
            throw new KeywordException("'agent-port' expects a port number as argument..");
        }
        return Integer.parseInt(text);
    }

    private static Duration agentInter(String server, String value) throws KeywordException {
        required(value, "'agent-inter' expects a delay as argument..");
        Duration d;
        try {
            d = TimeParser.parse(value);
        } catch (KeywordException e) {
            throw new KeywordException(e.getMessage() + " in 'agent-inter' argument of server " + server + "..");
        }
        if (d.isZero()) {
            throw new KeywordException("invalid value 0 for argument 'agent-inter' of server " + server + "..");
        }
        return d;
    }

    /** An IP literal or a name resolved now, as HAProxy resolves it while parsing. */
    private static String agentAddr(String value) throws KeywordException {
        String text = required(value, "'agent-addr' expects an address as argument..");
        try {
            AddressParser.resolve(text);
        } catch (UnknownHostException e) {
            throw new KeywordException("parsing agent-addr failed. Check if '" + text + "' is correct address..");
        }
        return text;
    }

    private static int weight(String server, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'weight' expects an integer argument.");
        }
        int w;
        try {
            w = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new KeywordException("'weight' expects an integer argument.");
        }
        if (w < 0 || w > ServerSpec.MAX_WEIGHT) {
            throw new KeywordException("weight of server " + server + " is not within 0 and 256 (" + value + ")..");
        }
        return w;
    }

    private static Duration delay(String server, String option, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'" + option + "' expects a delay as argument..");
        }
        try {
            return TimeParser.parse(value);
        } catch (KeywordException e) {
            // HAProxy 2.6 names 'agent-inter' for a bad 'inter' value (its parsers share one message);
            // kept so that clients matching HAProxy's text match ours.
            String named = option.equals("inter") ? "agent-inter" : option;
            throw new KeywordException(e.getMessage() + " in '" + named + "' argument of server " + server + "..");
        }
    }

    private static int positive(String option, String value) throws KeywordException {
        if (value == null || !value.chars().allMatch(Character::isDigit) || value.isEmpty()
                || value.length() > 9 || Integer.parseInt(value) <= 0) {
            throw new KeywordException("'" + option + "' has to be > 0..");
        }
        return Integer.parseInt(value);
    }

    private static int count(String option, String value) throws KeywordException {
        if (value == null || value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            throw new KeywordException("'" + option + "' expects an integer argument.");
        }
        return Integer.parseInt(value);
    }

    private static int port(String value) throws KeywordException {
        int p = count("port", value);
        if (p < 1 || p > 65535) {
            throw new KeywordException("'port' expects a valid TCP port (got '" + value + "').");
        }
        return p;
    }

    private static ServerSpec withWeight(ServerSpec s, int v) {
        return copy(s, v, s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withInter(ServerSpec s, Duration v) {
        return copy(s, s.weight(), s.check(), v, s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withSlowstart(ServerSpec s, Duration v) {
        return copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), v);
    }

    private static ServerSpec withRise(ServerSpec s, int v) {
        return copy(s, s.weight(), s.check(), s.inter(), v, s.fall(), s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withFall(ServerSpec s, int v) {
        return copy(s, s.weight(), s.check(), s.inter(), s.rise(), v, s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withCheckPort(ServerSpec s, int v) {
        return copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), v, s.maxconn(), s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withMaxconn(ServerSpec s, int v) {
        return copy(s, s.weight(), s.check(), s.inter(), s.rise(), s.fall(), s.checkPort(), v, s.backup(), s.disabled(), s.slowstart());
    }

    private static ServerSpec withAgent(ServerSpec s, AgentSpec agent) {
        return new ServerSpec(s.name(), s.host(), s.port(), s.weight(), s.check(), s.inter(), s.rise(), s.fall(),
                s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart(), s.source(), agent, s.track());
    }

    private static ServerSpec withTrack(ServerSpec s, String track) {
        return new ServerSpec(s.name(), s.host(), s.port(), s.weight(), s.check(), s.inter(), s.rise(), s.fall(),
                s.checkPort(), s.maxconn(), s.backup(), s.disabled(), s.slowstart(), s.source(), s.agent(), track);
    }

    private static ServerSpec copy(ServerSpec s, int weight, boolean check, Duration inter, int rise, int fall,
                                   int checkPort, int maxconn, boolean backup, boolean disabled, Duration slowstart) {
        return new ServerSpec(s.name(), s.host(), s.port(), weight, check, inter, rise, fall, checkPort, maxconn,
                backup, disabled, slowstart, s.source(), s.agent(), s.track());
    }
}
