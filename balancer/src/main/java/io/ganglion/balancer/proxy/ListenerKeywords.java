package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import java.util.EnumSet;
import java.util.List;

/**
 * What names and counts a frontend's listeners: the {@code bind} options {@code name} and
 * {@code id}, and {@code [no] option socket-stats}, which gives each listener its own counters and
 * {@code show stat} row; and the global {@code noreuseport}, which binds each address once.
 */
public final class ListenerKeywords {
    /** The listener's name in {@code show stat}; null: HAProxy's {@code sock-<id>}. */
    public static final Setting<String> NAME = Setting.of("name", null);
    /** The listener's id ({@code sid} of its row); 0: the next free one, as HAProxy numbers them. */
    public static final Setting<Integer> ID = Setting.of("id", 0);
    public static final Setting<Boolean> SOCKET_STATS = Setting.of("option socket-stats", false);
    /**
     * {@code noreuseport} (global): each address has one listening socket, bound without
     * {@code SO_REUSEPORT} and accepting on one thread, instead of one per event loop; no other
     * process can then bind the same address, as with HAProxy's.
     */
    public static final Setting<Boolean> NO_REUSE_PORT = Setting.of("noreuseport", false);

    private ListenerKeywords() {
    }

    static List<BindOption> bindOptions() {
        return List.of(
                BindOption.valued("name", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'name' : missing name");
                    }
                    return settings.with(NAME, value);
                }),
                BindOption.valued("id", (settings, value) -> settings.with(ID, id(value))));
    }

    /** HAProxy's {@code atol} on the value, refused when it is not a number or not above 0. */
    private static int id(String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'id' : expects an integer argument");
        }
        int id;
        try {
            id = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new KeywordException("'id' : expects an integer argument, found '" + value + "'");
        }
        if (id <= 0) {
            throw new KeywordException("'id' : custom id has to be > 0");
        }
        return id;
    }

    static KeywordRow noReusePort() {
        return KeywordRow.of("noreuseport", EnumSet.of(SectionKind.GLOBAL), (ctx, args) -> {
            if (!args.isEmpty()) {
                throw new KeywordException("'noreuseport' cannot handle unexpected argument '" + args.get(0) + "'.");
            }
            ctx.global().set(NO_REUSE_PORT, true);
        });
    }

    static KeywordRow socketStatsOption() {
        return KeywordRow.negatable("option socket-stats", SectionKind.ANY_PROXY, (ctx, args) -> {
            if (!args.isEmpty()) {
                throw new KeywordException("'option socket-stats' cannot handle unexpected argument '" + args.get(0) + "'.");
            }
            if (ctx.section() == SectionKind.BACKEND) {
                ctx.warn("'socket-stats' ignored because backend '" + ctx.proxy().name() + "' has no frontend capability.");
                return;
            }
            ctx.proxy().set(SOCKET_STATS, !ctx.negated());
        });
    }
}
