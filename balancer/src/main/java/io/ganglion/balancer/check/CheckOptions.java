package io.ganglion.balancer.check;

import static io.ganglion.balancer.config.ServerOptionValues.count;
import static io.ganglion.balancer.config.ServerOptionValues.delay;
import static io.ganglion.balancer.config.ServerOptionValues.required;

import io.ganglion.balancer.config.AddressParser;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.config.TimeParser;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The server options of the {@code check} package, with their settings: health checks
 * ({@code check}, {@code inter}, {@code rise}, {@code fall}, {@code port}), the agent check
 * ({@code agent-check}, {@code agent-port|inter|addr|send}) and {@code track}. Error messages are
 * HAProxy 2.6's CLI wording.
 */
public final class CheckOptions {
    /** Active health checks enabled ({@code check}). */
    public static final Setting<Boolean> CHECK = Setting.of("check", false);
    /** Time between two checks. */
    public static final Setting<Duration> INTER = Setting.of("inter", Duration.ofSeconds(2));
    /** Consecutive successful checks to go UP. */
    public static final Setting<Integer> RISE = Setting.of("rise", 2);
    /** Consecutive failed checks to go DOWN. */
    public static final Setting<Integer> FALL = Setting.of("fall", 3);
    /** The port the checks connect to ({@code port}); 0 = the server's port. */
    public static final Setting<Integer> CHECK_PORT = Setting.of("port", 0);
    /** The agent check. */
    public static final Setting<AgentSpec> AGENT = Setting.of("agent-check", AgentSpec.NONE);
    /** {@code track [BACKEND/]SERVER}: the server whose check state this one follows; null = none. */
    public static final Setting<String> TRACK = Setting.of("track", null);

    private CheckOptions() {
    }

    static List<ServerOption> rows() {
        return List.of(
                ServerOption.flag("check", CHECK, true),
                ServerOption.flag("no-check", CHECK, false),
                ServerOption.valued("inter", (s, v) -> s.with(INTER, delay(s.name(), "inter", v))),
                ServerOption.valued("rise", (s, v) -> s.with(RISE, positive("rise", v))),
                ServerOption.valued("fall", (s, v) -> s.with(FALL, positive("fall", v))),
                ServerOption.valued("port", (s, v) -> s.with(CHECK_PORT, port(v))),
                new ServerOption("agent-check", false, (s, v) -> s.with(AGENT, s.get(AGENT).withEnabled(true))),
                new ServerOption("no-agent-check", false, (s, v) -> s.with(AGENT, s.get(AGENT).withEnabled(false))),
                ServerOption.valued("agent-port", (s, v) -> s.with(AGENT, s.get(AGENT).withPort(agentPort(v)))),
                ServerOption.valued("agent-inter", (s, v) -> s.with(AGENT, s.get(AGENT).withInter(agentInter(s.name(), v)))),
                ServerOption.valued("agent-addr", (s, v) -> s.with(AGENT, s.get(AGENT).withAddr(agentAddr(v)))),
                ServerOption.valued("agent-send", (s, v) -> s.with(AGENT,
                        s.get(AGENT).withSend(required(v, "'agent-send' expects a string as argument..")))),
                ServerOption.valued("track", (s, v) -> s.with(TRACK,
                        required(v, "'track' expects [<proxy>/]<server> as argument.."))));
    }

    /** The checks on a whole server line, in HAProxy's order. */
    static List<ServerOption.SpecCheck> specChecks() {
        return List.of(
                s -> {
                    if (s.get(CHECK) && s.get(TRACK) != null) {
                        throw new KeywordException("unable to enable checks and tracking at the same time!");
                    }
                },
                s -> {
                    if (s.get(AGENT).enabled() && s.get(AGENT).port() == 0) {
                        throw new KeywordException("server " + s.name()
                                + " does not have agent port. Agent check has been disabled.");
                    }
                });
    }

    /** The interval of the agent check: {@code agent-inter}, else {@code inter}. */
    public static Duration agentInter(ServerSpec s) {
        Duration own = s.get(AGENT).inter();
        return own != null ? own : s.get(INTER);
    }

    /** A server another may {@code track}: it has a check, an agent, or tracks one itself. */
    public static boolean isTrackable(ServerSpec s) {
        return s.get(CHECK) || s.get(AGENT).enabled() || s.get(TRACK) != null;
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

    private static int positive(String option, String value) throws KeywordException {
        if (value == null || !value.chars().allMatch(Character::isDigit) || value.isEmpty()
                || value.length() > 9 || Integer.parseInt(value) <= 0) {
            throw new KeywordException("'" + option + "' has to be > 0..");
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
}
