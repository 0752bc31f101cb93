package io.ganglion.balancer.module;

import io.ganglion.balancer.config.ServerOptionTable;
import io.ganglion.balancer.proxy.FrontendCommands;
import io.ganglion.balancer.session.StreamNumbers;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Supplier;

/**
 * What a package's socket commands may use of the running balancer, given to
 * {@link BalancerModule#commands}: the read side, the frontend operations, the control loop where
 * changes are made, and the event loops that carry the traffic.
 */
public interface ModuleContext {
    BalancerView balancer();

    /** Binding, unbinding and limiting frontends ({@code disable frontend}, {@code set maxconn}...). */
    FrontendCommands.Frontends frontendControl();

    /** The control loop: commands that change state run there, and the stats socket sessions live on it. */
    EventExecutor control();

    /**
     * Runs {@code publication} on the control loop before the answers of the commands now running
     * leave (once, however often it is asked for meanwhile; see
     * {@link io.ganglion.balancer.runtime.ControlLoop#publishBeforeAnswers}), so that a batch of
     * changes is published in one step. This default runs it at once.
     */
    default void publishBeforeAnswers(Runnable publication) {
        publication.run();
    }

    /** The server options every package declares: {@code add server} parses with them. */
    ServerOptionTable serverOptions();

    /** The loops carrying traffic, for commands that act on each loop's own streams. */
    EventLoopGroup eventLoops();

    /** The ranks and {@code show sess} epochs the balancer's streams take. */
    StreamNumbers streamNumbers();

    /**
     * Every package's socket commands, for a package that applies a change the way the socket does
     * (the stats page's admin form runs {@code set server ... state drain} through it).
     */
    io.ganglion.balancer.runtime.CommandRegistry commandRegistry();

    /**
     * State a package keeps for the life of this balancer (the stick tables...), made by
     * {@code factory} on the first call with {@code type} and the same object for every later call,
     * so that the package's commands, hooks and rules share it while its descriptor stays stateless.
     */
    <T> T packageState(Class<T> type, Supplier<T> factory);
}
