package io.ganglion.runtime.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The commands the shell completes, one row per command: literal words, alternatives
 * ({@code ready|drain|maint}) and placeholders for names read from the balancer. Completion
 * only; the balancer decides what is valid.
 */
final class CommandGrammar {

    static final String SERVER = "<backend/server>";
    static final String BACKEND = "<backend>";
    static final String FRONTEND = "<frontend>";
    static final String NEW_SERVER = "<backend/new-server>";

    static final List<List<String>> ROWS = rows(
            "help", "quit",
            "show info", "show stat", "show stat typed", "show stat json", "show servers state " + BACKEND,
            "show backend", "show version", "show cli level",
            "set server " + SERVER + " state ready|drain|maint",
            "set server " + SERVER + " weight",
            "set server " + SERVER + " addr",
            "set server " + SERVER + " check-port",
            "set server " + SERVER + " health up|stopping|down",
            "set weight " + SERVER, "get weight " + SERVER,
            "enable server " + SERVER, "disable server " + SERVER,
            "enable health " + SERVER, "disable health " + SERVER,
            "enable frontend " + FRONTEND, "disable frontend " + FRONTEND,
            "set maxconn server " + SERVER, "set maxconn frontend " + FRONTEND, "set maxconn global",
            "add server " + NEW_SERVER, "del server " + SERVER,
            "clear counters all");

    private CommandGrammar() {
    }

    private static List<List<String>> rows(String... rows) {
        return Arrays.stream(rows).map(row -> List.of(row.split(" "))).toList();
    }

    static boolean isPlaceholder(String word) {
        return word.startsWith("<");
    }
}
