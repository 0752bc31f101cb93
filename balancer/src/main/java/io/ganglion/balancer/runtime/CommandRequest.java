package io.ganglion.balancer.runtime;

import java.util.List;
import java.util.Optional;

/**
 * One parsed command as its handler sees it.
 *
 * @param args    every word, the command words first, backslash escapes already removed
 *                ({@code \;} became {@code ;}, {@code \\} became {@code \})
 * @param payload the lines after a trailing {@code <<}, joined with LF, without the ending empty line
 * @param session the session that sent it (level, prompt, timeout)
 */
public record CommandRequest(List<String> args, Optional<String> payload, CliSessionControl session) {
    public CommandRequest {
        args = List.copyOf(args);
    }

    /** The word at {@code index}, or {@code ""} past the end (as HAProxy's parsers see it). */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : "";
    }
}
