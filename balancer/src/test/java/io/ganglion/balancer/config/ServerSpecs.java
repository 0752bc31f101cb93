package io.ganglion.balancer.config;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.module.BalancerModules;
import io.ganglion.balancer.server.ServerOptions;
import io.ganglion.balancer.server.ServerSpecParser;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Test helpers over server specs: the parser with the installed packages' options, and the options as one list. */
final class ServerSpecs {
    static final ServerSpecParser PARSER = new ServerSpecParser(BalancerModules.installed().serverOptions());

    private ServerSpecs() {
    }

    /** weight, check, inter, rise, fall, port, maxconn, backup, disabled, slowstart (as an Optional). */
    static List<Object> options(ServerSpec s) {
        return Arrays.asList(s.get(ServerOptions.WEIGHT), s.get(CheckOptions.CHECK), s.get(CheckOptions.INTER),
                s.get(CheckOptions.RISE), s.get(CheckOptions.FALL), s.get(CheckOptions.CHECK_PORT),
                s.get(ServerOptions.MAXCONN), s.get(ServerOptions.BACKUP), s.get(ServerOptions.DISABLED),
                Optional.ofNullable(s.get(ServerOptions.SLOWSTART)));
    }
}
