package io.ganglion.balancer.server;

import static io.ganglion.balancer.config.ServerOptionValues.count;
import static io.ganglion.balancer.config.ServerOptionValues.delay;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The server options of the {@code server} package, with their settings: {@code weight},
 * {@code maxconn}, {@code backup}, {@code disabled}, {@code slowstart}. Error messages are HAProxy
 * 2.6's CLI wording.
 */
public final class ServerOptions {
    public static final int MAX_WEIGHT = 256;

    /** The initial weight, 0..256. */
    public static final Setting<Integer> WEIGHT = Setting.of("weight", 1);
    /** Concurrent connections before requests queue; 0 = no limit. */
    public static final Setting<Integer> MAXCONN = Setting.of("maxconn", 0);
    /** Used only when no non-backup server is usable. */
    public static final Setting<Boolean> BACKUP = Setting.of("backup", false);
    /** Starts in maintenance. */
    public static final Setting<Boolean> DISABLED = Setting.of("disabled", false);
    /** Ramp-up time of the weight after the server comes UP; null = none. */
    public static final Setting<Duration> SLOWSTART = Setting.of("slowstart", null);

    private ServerOptions() {
    }

    static List<ServerOption> rows() {
        return List.of(
                ServerOption.valued("weight", (s, v) -> s.with(WEIGHT, weight(s.name(), v))),
                ServerOption.valued("maxconn", (s, v) -> s.with(MAXCONN, count("maxconn", v))),
                ServerOption.valued("slowstart", (s, v) -> s.with(SLOWSTART, delay(s.name(), "slowstart", v))),
                ServerOption.flag("backup", BACKUP, true),
                ServerOption.flag("no-backup", BACKUP, false),
                ServerOption.flag("disabled", DISABLED, true),
                ServerOption.flag("enabled", DISABLED, false));
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
        if (w < 0 || w > MAX_WEIGHT) {
            throw new KeywordException("weight of server " + server + " is not within 0 and 256 (" + value + ")..");
        }
        return w;
    }
}
