package io.ganglion.balancer.state;

import io.ganglion.balancer.config.Arguments;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** The config keywords of the {@code state} package: {@code server-state-file}, {@code load-server-state-from-file}. */
public final class ServerStateKeywords {
    /** {@code server-state-file}: where the servers' state is saved at stop and read at start; null = none. */
    public static final Setting<Path> SERVER_STATE_FILE = Setting.of("server-state-file", null);

    /** {@code load-server-state-from-file global|none}: the backend takes its servers' state from the file. */
    public static final Setting<Boolean> LOAD_SERVER_STATE = Setting.of("load-server-state-from-file", false);

    private ServerStateKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("server-state-file", EnumSet.of(SectionKind.GLOBAL), (ctx, args) -> ctx.global().set(SERVER_STATE_FILE,
                        Path.of(Arguments.single(args, "'server-state-file' expects a file name as argument.")))),
                KeywordRow.of("load-server-state-from-file", SectionKind.BACKEND_SIDE, (ctx, args) -> {
                    String word = args.isEmpty() ? "" : args.get(0);
                    switch (word) {
                        case "global" -> ctx.proxy().set(LOAD_SERVER_STATE, true);
                        case "none" -> ctx.proxy().set(LOAD_SERVER_STATE, false);
                        default -> throw new KeywordException(
                                "'load-server-state-from-file' expects 'global' or 'none'. Got '" + word + "'");
                    }
                }));
    }
}
