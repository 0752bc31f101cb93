package io.ganglion.runtime;

import java.util.List;

/**
 * The typed Runtime API, the same over a connection per command ({@link RuntimeClient}) and over
 * a kept {@code prompt} session ({@link RuntimeSession}). Typed calls throw
 * {@link CommandFailedException} (or a subclass) on an error answer and
 * {@link RuntimeTransportException} when the socket fails; {@link #execute(Command)} returns the
 * answer either way and leaves the judgement to the caller.
 */
public interface RuntimeApi {

    /** Sends one command and returns its answer, success or not. */
    Answer execute(Command command);

    /**
     * Sends one command typed as text. Refused before anything is written when it holds
     * {@code ;}, a new line, a backslash or a payload marker (see {@link Command#parse(String)}).
     */
    default Answer execute(String line) {
        return execute(Command.parse(line));
    }

    private String call(Command command) {
        return execute(command).orThrow().text();
    }

    default Info showInfo() {
        return Info.parse(call(Commands.showInfo()));
    }

    default List<StatRow> showStat() {
        return StatCsv.parse(call(Commands.showStat()));
    }

    default List<StatRow> showStat(StatFilter filter) {
        return StatCsv.parse(call(Commands.showStat(filter)));
    }

    default List<TypedStatField> showStatTyped(StatFilter filter) {
        return TypedStatField.parseAll(call(Commands.showStatTyped(filter)));
    }

    /** The JSON text as the server wrote it (the library carries no JSON parser). */
    default String showStatJson(StatFilter filter) {
        return call(Commands.showStatJson(filter));
    }

    default List<ServerState> showServersState() {
        return ServerState.parseAll(call(Commands.showServersState()));
    }

    default List<ServerState> showServersState(String backend) {
        return ServerState.parseAll(call(Commands.showServersState(backend)));
    }

    /** Backend names, without the {@code # name} header. */
    default List<String> showBackends() {
        return execute(Commands.showBackends()).orThrow().lines().stream()
                .filter(line -> !line.startsWith("#"))
                .toList();
    }

    default void setServerState(String backend, String server, AdminState state) {
        call(Commands.setServerState(backend, server, state));
    }

    default void setServerWeight(String backend, String server, Weight weight) {
        call(Commands.setServerWeight(backend, server, weight));
    }

    default void setWeight(String backend, String server, Weight weight) {
        call(Commands.setWeight(backend, server, weight));
    }

    default ServerWeight getWeight(String backend, String server) {
        return ServerWeight.parse(call(Commands.getWeight(backend, server)));
    }

    /** Returns HAProxy's report, e.g. {@code IP changed from '127.0.0.1' to '127.0.0.2' by 'stats socket command'}. */
    default String setServerAddr(String backend, String server, String address) {
        return call(Commands.setServerAddr(backend, server, address)).strip();
    }

    default String setServerAddr(String backend, String server, String address, int port) {
        return call(Commands.setServerAddr(backend, server, address, port)).strip();
    }

    default void setServerCheckPort(String backend, String server, int port) {
        call(Commands.setServerCheckPort(backend, server, port));
    }

    default void setServerHealth(String backend, String server, HealthState health) {
        call(Commands.setServerHealth(backend, server, health));
    }

    default void enableServer(String backend, String server) {
        call(Commands.enableServer(backend, server));
    }

    default void disableServer(String backend, String server) {
        call(Commands.disableServer(backend, server));
    }

    default void enableHealth(String backend, String server) {
        call(Commands.enableHealth(backend, server));
    }

    default void disableHealth(String backend, String server) {
        call(Commands.disableHealth(backend, server));
    }

    default void enableFrontend(String frontend) {
        call(Commands.enableFrontend(frontend));
    }

    default void disableFrontend(String frontend) {
        call(Commands.disableFrontend(frontend));
    }

    default void setServerMaxconn(String backend, String server, int maxconn) {
        call(Commands.setServerMaxconn(backend, server, maxconn));
    }

    default void setFrontendMaxconn(String frontend, int maxconn) {
        call(Commands.setFrontendMaxconn(frontend, maxconn));
    }

    default void setGlobalMaxconn(int maxconn) {
        call(Commands.setGlobalMaxconn(maxconn));
    }

    default void addServer(String backend, String server, String addressAndPort, List<String> options) {
        call(Commands.addServer(backend, server, addressAndPort, options));
    }

    default void delServer(String backend, String server) {
        call(Commands.delServer(backend, server));
    }

    default void shutdownSessionsServer(String backend, String server) {
        call(Commands.shutdownSessionsServer(backend, server));
    }

    default void clearCounters() {
        call(Commands.clearCounters());
    }

    default void clearAllCounters() {
        call(Commands.clearAllCounters());
    }

    default String showVersion() {
        return call(Commands.showVersion()).strip();
    }

    default AccessLevel showCliLevel() {
        return AccessLevel.parse(call(Commands.showCliLevel()));
    }

    default String help() {
        return call(Commands.help());
    }
}
