package io.ganglion.balancer.server;

import io.ganglion.balancer.config.AddressParser;
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
                defaults.backup(), defaults.disabled(), defaults.slowstart(), source);
        return applyOptions(base, options);
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
            default -> throw new KeywordException("unknown keyword '" + option + "'.");
        };
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

    private static ServerSpec copy(ServerSpec s, int weight, boolean check, Duration inter, int rise, int fall,
                                   int checkPort, int maxconn, boolean backup, boolean disabled, Duration slowstart) {
        return new ServerSpec(s.name(), s.host(), s.port(), weight, check, inter, rise, fall, checkPort, maxconn,
                backup, disabled, slowstart, s.source());
    }
}
