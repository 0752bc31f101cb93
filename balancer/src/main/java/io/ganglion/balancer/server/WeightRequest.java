package io.ganglion.balancer.server;

import io.ganglion.balancer.runtime.CommandException;

/**
 * A weight as {@code set server ... weight} and {@code set weight} take it: an absolute 0..256, or
 * {@code N%} of the server's initial weight (capped at 256), refused with HAProxy's words.
 */
public final class WeightRequest {
    private WeightRequest() {
    }

    public static int parse(String text, int initialWeight) {
        if (text.isEmpty()) {
            throw new CommandException("Require <weight> or <weight%>.\n");
        }
        StrtolLike.Result n = StrtolLike.scan(text);
        if (n.digits() == 0) {
            throw new CommandException("Empty weight string empty or preceded by garbage\n");
        }
        String rest = text.substring(n.end());
        if (rest.startsWith("%")) {
            if (n.value() < 0) {
                throw new CommandException("Relative weight must be positive.\n");
            }
            return (int) Math.min(ServerLimits.MAX_WEIGHT, initialWeight * n.value() / 100);
        }
        if (!rest.isEmpty()) {
            throw new CommandException("Trailing garbage in weight string\n");
        }
        if (n.value() < 0 || n.value() > ServerLimits.MAX_WEIGHT) {
            throw new CommandException("Absolute weight can only be between 0 and 256 inclusive.\n");
        }
        return (int) n.value();
    }
}
