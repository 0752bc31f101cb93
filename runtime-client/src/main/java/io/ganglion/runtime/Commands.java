package io.ganglion.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds every typed command with the reply check that fits it. Use these to assemble a batch for
 * {@link RuntimeSession#pipeline(List)}; {@link RuntimeApi} sends them one at a time.
 * Every argument is checked to be one word (see {@link Command}): an argument that could smuggle a
 * second command throws {@link IllegalArgumentException} here, before anything is written.
 */
public final class Commands {

    private static final ReplyCheck SILENT = ReplyCheck.silent();

    private Commands() {
    }

    public static Command showInfo() {
        return Command.of("show", "info");
    }

    public static Command showStat() {
        return Command.of("show", "stat");
    }

    public static Command showStat(StatFilter filter) {
        return withFilter(filter);
    }

    public static Command showStatTyped(StatFilter filter) {
        return withFilter(filter, "typed");
    }

    public static Command showStatJson(StatFilter filter) {
        return withFilter(filter, "json");
    }

    private static Command withFilter(StatFilter filter, String... format) {
        List<String> words = new ArrayList<>(List.of("show", "stat"));
        words.addAll(List.of(filter.words()));
        words.addAll(List.of(format));
        return new Command(words, ReplyCheck.output());
    }

    public static Command showServersState() {
        return Command.of("show", "servers", "state");
    }

    public static Command showServersState(String backend) {
        return Command.of("show", "servers", "state", backend);
    }

    public static Command showBackends() {
        return Command.of("show", "backend");
    }

    public static Command setServerState(String backend, String server, AdminState state) {
        return silent("set", "server", serverRef(backend, server), "state", state.word());
    }

    public static Command setServerWeight(String backend, String server, Weight weight) {
        return silent("set", "server", serverRef(backend, server), "weight", weight.toString());
    }

    /** The older spelling, {@code set weight <b>/<s> <w>[%]}. */
    public static Command setWeight(String backend, String server, Weight weight) {
        return silent("set", "weight", serverRef(backend, server), weight.toString());
    }

    public static Command getWeight(String backend, String server) {
        return Command.of("get", "weight", serverRef(backend, server));
    }

    public static Command setServerAddr(String backend, String server, String address) {
        return addrChange(List.of("set", "server", serverRef(backend, server), "addr", address));
    }

    public static Command setServerAddr(String backend, String server, String address, int port) {
        return addrChange(List.of("set", "server", serverRef(backend, server), "addr", address,
                "port", Integer.toString(requirePort(port))));
    }

    /** HAProxy always reports on an address change, also when nothing had to change. */
    private static Command addrChange(List<String> words) {
        return new Command(words, ReplyCheck.startsWith("IP changed from", "no need to change the addr"));
    }

    public static Command setServerCheckPort(String backend, String server, int port) {
        return silent("set", "server", serverRef(backend, server), "check-port", Integer.toString(requirePort(port)));
    }

    public static Command setServerHealth(String backend, String server, HealthState health) {
        return silent("set", "server", serverRef(backend, server), "health", health.word());
    }

    public static Command enableServer(String backend, String server) {
        return silent("enable", "server", serverRef(backend, server));
    }

    public static Command disableServer(String backend, String server) {
        return silent("disable", "server", serverRef(backend, server));
    }

    public static Command enableHealth(String backend, String server) {
        return silent("enable", "health", serverRef(backend, server));
    }

    public static Command disableHealth(String backend, String server) {
        return silent("disable", "health", serverRef(backend, server));
    }

    /** Enabling an enabled frontend is a no-op that HAProxy reports as a notice, not an error. */
    public static Command enableFrontend(String frontend) {
        return new Command(List.of("enable", "frontend", frontend), ReplyCheck.silent("All sockets are already enabled."));
    }

    public static Command disableFrontend(String frontend) {
        return new Command(List.of("disable", "frontend", frontend), ReplyCheck.silent("All sockets are already disabled."));
    }

    public static Command setServerMaxconn(String backend, String server, int maxconn) {
        return silent("set", "maxconn", "server", serverRef(backend, server), Integer.toString(requireNonNegative(maxconn)));
    }

    public static Command setFrontendMaxconn(String frontend, int maxconn) {
        return silent("set", "maxconn", "frontend", frontend, Integer.toString(requireNonNegative(maxconn)));
    }

    /** 0 restores the initial global maxconn. */
    public static Command setGlobalMaxconn(int maxconn) {
        return silent("set", "maxconn", "global", Integer.toString(requireNonNegative(maxconn)));
    }

    /**
     * {@code add server <b>/<s> <addr:port> [options...]}; each option word is sent as given
     * (e.g. {@code "weight", "10", "check"}). HAProxy adds the server in maintenance.
     */
    public static Command addServer(String backend, String server, String addressAndPort, List<String> options) {
        List<String> words = new ArrayList<>(List.of("add", "server", serverRef(backend, server), addressAndPort));
        words.addAll(options);
        return new Command(words, ReplyCheck.startsWith("New server registered."));
    }

    public static Command delServer(String backend, String server) {
        return new Command(List.of("del", "server", serverRef(backend, server)), ReplyCheck.startsWith("Server deleted."));
    }

    /**
     * Cuts every stream on the server (admin level); the agent sends it before {@code del server}
     * when a drain timed out. HAProxy ends the streams just after answering, so a {@code del server}
     * right behind it may still find them.
     */
    public static Command shutdownSessionsServer(String backend, String server) {
        return silent("shutdown", "sessions", "server", serverRef(backend, server));
    }

    /** Clears max values and some counters (operator level). */
    public static Command clearCounters() {
        return silent("clear", "counters");
    }

    /** Clears every counter (admin level). */
    public static Command clearAllCounters() {
        return silent("clear", "counters", "all");
    }

    public static Command showVersion() {
        return Command.of("show", "version");
    }

    public static Command showCliLevel() {
        return Command.of("show", "cli", "level");
    }

    public static Command help() {
        return Command.of("help");
    }

    private static Command silent(String... words) {
        return new Command(List.of(words), SILENT);
    }

    /** {@code backend/server}: a '/' inside either name would point the command at another server. */
    static String serverRef(String backend, String server) {
        for (String name : new String[] {backend, server}) {
            Command.requireSingleWord(name);
            if (name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("'/' is not allowed in a backend or server name: '" + name + "'");
            }
        }
        return backend + "/" + server;
    }

    private static int requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        return port;
    }

    private static int requireNonNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxconn must not be negative, got " + value);
        }
        return value;
    }
}
