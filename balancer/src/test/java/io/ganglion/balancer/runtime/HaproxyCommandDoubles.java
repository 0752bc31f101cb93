package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test doubles for the commands other packages will contribute, so the captures can be replayed
 * before they exist:
 *
 * <ul>
 *   <li>{@link #catalogStubs}: a row for every command of HAProxy 2.6's help, with the level
 *       HAProxy checks (reference §1.4), so {@code help}, suggestions and {@code Permission denied}
 *       can be compared with HAProxy's bytes. Their handlers refuse to run.</li>
 *   <li>{@link #fakeServers}: {@code get weight} and {@code set server ... state} over a fixed
 *       backend {@code be_app} with servers web1..web3 of weight 100 (the capture run's config),
 *       with HAProxy's lookup errors.</li>
 * </ul>
 */
final class HaproxyCommandDoubles {
    static final String STUB_ANSWER = "Not implemented by the test double.\n";

    /** The words HAProxy 2.6 refuses below admin or operator (checked in each command's parser). */
    private static final Map<AccessLevel, Set<String>> LEVEL_BY_PREFIX = Map.of(
            AccessLevel.ADMIN, Set.of("set server", "set weight", "set maxconn", "set rate-limit",
                    "enable server", "disable server", "enable health", "disable health", "enable agent",
                    "disable agent", "enable frontend", "disable frontend", "shutdown frontend",
                    "shutdown session", "shutdown sessions", "add server", "del server", "set ssl cert",
                    "new ssl", "commit ssl", "abort ssl", "del ssl", "set ssl ca-file", "set ssl crl-file",
                    "add ssl", "set dynamic-cookie-key", "enable dynamic-cookie", "disable dynamic-cookie",
                    "set profiling"),
            AccessLevel.OPERATOR, Set.of("show env", "show errors", "show sess", "clear counters", "get var",
                    "show events", "show fd", "show activity", "show pools", "show tasks", "show threads"));

    private static final Set<String> SERVERS = Set.of("web1", "web2", "web3");

    private HaproxyCommandDoubles() {
    }

    /** Stub rows for every catalogued command not in {@code registered}. */
    static CommandTable catalogStubs(List<CliCommand> registered) {
        List<CliCommand> rows = new ArrayList<>();
        for (List<String> words : Haproxy26Usage.orderedWords()) {
            if (registered.stream().noneMatch(row -> row.words().equals(words))) {
                rows.add(CliCommand.haproxy(levelOf(words), CommandHandler.sync(r -> STUB_ANSWER), words.toArray(String[]::new)));
            }
        }
        return new CommandTable("haproxy-catalog-stubs", rows);
    }

    static CommandTable fakeServers() {
        return CommandTable.of("fake-servers",
                CliCommand.haproxy(AccessLevel.USER, CommandHandler.sync(r -> {
                    checkServer(r.arg(2));
                    return "100 (initial 100)\n";
                }), "get", "weight"),
                CliCommand.haproxy(AccessLevel.ADMIN, CommandHandler.sync(r -> {
                    checkServer(r.arg(2));
                    return "";
                }), "set", "server"));
    }

    /** A registry answering like the capture run's HAProxy for the commands the captures use. */
    static CommandRegistry captureRegistry() {
        CommandRegistry.Builder builder = CommandRegistry.builder().register(fakeServers());
        List<CliCommand> known = new ArrayList<>(CommandRegistry.builder().register(fakeServers()).build().rows());
        return builder.register(catalogStubs(known)).build();
    }

    private static void checkServer(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new CommandException("Require 'backend/server'.\n");
        }
        if (!name.substring(0, slash).equals("be_app")) {
            throw new CommandException("No such backend.\n");
        }
        if (!SERVERS.contains(name.substring(slash + 1))) {
            throw new CommandException("No such server.\n");
        }
    }

    private static AccessLevel levelOf(List<String> words) {
        String joined = String.join(" ", words);
        for (var entry : LEVEL_BY_PREFIX.entrySet()) {
            if (entry.getValue().stream().anyMatch(joined::startsWith)) {
                return entry.getKey();
            }
        }
        return AccessLevel.USER;
    }
}
