package io.ganglion.balancer.pattern;

import io.ganglion.balancer.runtime.CommandException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The entries of an {@code add map REF <<} payload, read as HAProxy 2.6 reads them: a key runs to
 * the first space or tab (a line break does not end it), blanks follow, and the value is the rest
 * of the line, spaces included. A key without a value is refused with HAProxy's text. So
 * {@code "onlykey\n10.0.0.0/8 A"} is one key {@code "onlykey\n10.0.0.0/8"} with the value
 * {@code A}, refused by an {@code ip} map as HAProxy 2.6.12 refuses it (checked live), and an empty
 * payload is refused as a key without a value.
 */
final class MapPayload {
    private MapPayload() {
    }

    /**
     * Gives each entry to {@code add}, in order, stopping at the first refused one (the entries
     * before it stay, as in HAProxy 2.6).
     *
     * @throws CommandException for a key without a value, or whatever {@code add} throws
     */
    static void forEach(String payload, BiConsumer<String, String> add) {
        if (payload.isEmpty()) {
            // HAProxy 2.6.12 reads an empty payload as the key "\n" without a value (tried live)
            throw new CommandException("Missing value for key '\n'.");
        }
        int p = 0;
        int end = payload.length();
        while (p < end) {
            p = skipBlanks(payload, p);
            int keyStart = p;
            while (p < end && !isBlank(payload.charAt(p))) {
                p++;
            }
            String key = payload.substring(keyStart, p);
            p = skipBlanks(payload, p);
            int valueStart = p;
            while (p < end && payload.charAt(p) != '\n') {
                p++;
            }
            if (p == valueStart) {
                throw new CommandException("Missing value for key '" + key + "'.");
            }
            add.accept(key, payload.substring(valueStart, p));
            p++;
        }
    }

    private static int skipBlanks(String text, int from) {
        int p = from;
        while (p < text.length() && isBlank(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The payload's entries, read whole before any is added, so they can be added as one batch; a
     * key without a value ends the reading and is kept to be answered after the entries before it
     * are added, the order HAProxy 2.6 keeps.
     */
    static Pairs read(String payload) {
        List<String> pairs = new ArrayList<>();
        try {
            forEach(payload, (k, v) -> {
                pairs.add(k);
                pairs.add(v);
            });
        } catch (CommandException missingValue) {
            return new Pairs(pairs, missingValue);
        }
        return new Pairs(pairs, null);
    }

    /** The (key, value) pairs of a payload, then the parse error that ended it early, if any. */
    record Pairs(List<String> pairs, CommandException endedBy) {
        int size() {
            return pairs.size() / 2;
        }

        String key(int i) {
            return pairs.get(2 * i);
        }

        String value(int i) {
            return pairs.get(2 * i + 1);
        }
    }
}
