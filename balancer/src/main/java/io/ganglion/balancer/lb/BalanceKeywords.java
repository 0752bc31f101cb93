package io.ganglion.balancer.lb;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;

import java.util.List;

/** The config keyword of the {@code lb} package: {@code balance}. */
public final class BalanceKeywords {
    /** HAProxy's message, listing the algorithms this balancer implements. */
    static final String UNSUPPORTED = "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'first', "
            + "'source' and 'random' options.";

    /** A backend's algorithm ({@code balance}), read with {@code ProxySection.get}. */
    public static final Setting<BalanceAlgorithm> BALANCE = Setting.of("balance", BalanceAlgorithm.ROUNDROBIN);

    private BalanceKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(KeywordRow.of("balance", SectionKind.BACKEND_SIDE, (ctx, args) -> {
            BalanceAlgorithm algorithm = args.size() == 1 ? BalanceAlgorithm.fromKeyword(args.get(0)) : null;
            if (algorithm == null) {
                throw new KeywordException(UNSUPPORTED);
            }
            ctx.proxy().set(BALANCE, algorithm);
        }));
    }
}
