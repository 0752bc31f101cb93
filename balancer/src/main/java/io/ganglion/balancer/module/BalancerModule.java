package io.ganglion.balancer.module;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.runtime.CliConnectionListener;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * What one balancer package adds to the balancer, declared in one place (HAProxy's per-module
 * keyword lists): its configuration keywords and its socket commands, and from the next issues on
 * its sample fetches, converters and actions. The balancer finds the descriptors through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.ganglion.balancer.module.BalancerModule}),
 * so adding a package never means editing {@code config} or {@code Balancer}; see {@link BalancerModules}.
 *
 * <p>A descriptor is stateless and has a public no-argument constructor; everything it needs at
 * run time comes through the {@link ModuleContext} given to {@link #commands} and the lifecycle
 * hooks.
 */
public interface BalancerModule {
    /** The package's name, used in registration errors ({@code server}, {@code stats}...). */
    String name();

    /**
     * The section keywords it owns ({@code balance}, {@code stats socket}, {@code server}...), in
     * any order: the parser tries the longest words first.
     */
    default List<KeywordRow> configKeywords() {
        return List.of();
    }

    /**
     * The options it owns on {@code server} / {@code default-server} lines and {@code add server}
     * ({@code weight}, {@code check}...), each setting a {@link io.ganglion.balancer.config.Setting}
     * the package reads back itself.
     */
    default List<ServerOption> serverOptions() {
        return List.of();
    }

    /** Checks on a whole server line once its options are read (an option that needs another). */
    default List<ServerOption.SpecCheck> serverSpecChecks() {
        return List.of();
    }

    /** Checks run once the whole configuration is read, across proxies ({@code track} targets...). */
    default List<ConfigCheck> configChecks() {
        return List.of();
    }

    /** The options it owns on a {@code bind} line ({@code name}, {@code id}...); none by default. */
    default List<BindOption> bindOptions() {
        return List.of();
    }

    /** Its socket commands, built over what the running balancer offers; empty by default. */
    default CommandTable commands(ModuleContext context) {
        return new CommandTable(name(), List.of());
    }

    /**
     * Told of each stats socket connection as it opens ({@code session} lists them in
     * {@code show sess}, as HAProxy lists its CLI streams). Nothing by default.
     */
    default CliConnectionListener statsSocketConnections(ModuleContext context) {
        return CliConnectionListener.NONE;
    }

    /**
     * Runs once the proxies and servers exist, before anything is bound or checked ({@code state}
     * restores the servers' saved state here). Nothing by default.
     */
    default void beforeStart(ModuleContext context) {
    }

    /**
     * Runs during a graceful stop, once the listeners and the health checks have stopped and before
     * the connections are drained ({@code state} saves the servers' state here). Nothing by default.
     */
    default void afterStop(ModuleContext context) {
    }

    /**
     * Its config keywords when they need the other packages' declarations ({@code rules} compiles
     * {@code acl} and {@code http-request} lines with every package's fetches and actions). By
     * default {@link #configKeywords()}; {@code all} is complete by the time a line is parsed.
     */
    default List<KeywordRow> configKeywords(BalancerModules all) {
        return configKeywords();
    }

    /** Sample fetches it adds to rules ({@code src}, {@code sc_*}...). */
    default List<FetchKeyword> sampleFetches() {
        return List.of();
    }

    /** ACL keywords that are one of its fetches with a matching method ({@code path_beg}). */
    default List<AclKeyword> aclKeywords() {
        return List.of();
    }

    /** Converters it adds to rules ({@code lower}, {@code map_str}...). */
    default List<ConverterKeyword> converters() {
        return List.of();
    }

    /** Actions it adds to {@code http-request}/{@code http-response}/{@code tcp-request} rules. */
    default List<ActionKeyword> actions() {
        return List.of();
    }
}
