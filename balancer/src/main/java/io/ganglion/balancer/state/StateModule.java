package io.ganglion.balancer.state;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code state} package: {@code server-state-file} keywords, {@code show servers state}, and the
 * state file read at start and written at a graceful stop.
 */
public final class StateModule implements BalancerModule {
    private static final Logger log = LoggerFactory.getLogger(StateModule.class);

    @Override
    public String name() {
        return "state";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return ServerStateKeywords.rows();
    }

    /** Restores the servers' state from the {@code server-state-file}, if one is set. */
    @Override
    public void beforeStart(ModuleContext context) {
        Path file = context.balancer().config().global().get(ServerStateKeywords.SERVER_STATE_FILE);
        if (file != null) {
            ServerStateFile.apply(context.balancer(), file);
        }
    }

    /** Keeps the run-time server state for the next start, if a {@code server-state-file} is set. */
    @Override
    public void afterStop(ModuleContext context) {
        Path file = context.balancer().config().global().get(ServerStateKeywords.SERVER_STATE_FILE);
        if (file != null) {
            try {
                ServerStateFile.save(context.balancer(), file);
            } catch (IOException e) {
                log.warn("Can't save the server state to {}: {}", file, e.toString());
            }
        }
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return StateCommands.table(context.balancer());
    }
}
