package io.ganglion.balancer.pattern;

import io.ganglion.balancer.runtime.CommandException;
import java.util.Arrays;

/**
 * The entries of an {@code add map REF <<} payload, read as HAProxy 2.6 reads them: a key runs to
 * the first space or tab (a line break does not end it), blanks follow, and the value is the rest
 * of the line, spaces included. A key without a value is refused with HAProxy's text. So
 * {@code "onlykey\n10.0.0.0/8 A"} is one key {@code "onlykey\n10.0.0.0/8"} with the value
 * {@code A}, refused by an {@code ip} map as HAProxy 2.6.12 refuses it (checked live), and an empty
 * payload is refused as a key without a value.
 *
 * <p>The entries are kept as positions in the payload's text, not as strings: a million-line load
 * made two strings per line that lived only until the line was added, and an IPv4 key or a value
 * already seen needs none at all ({@link #packedKey}, {@link #value(int, ValueInterner)}).
 */
final class MapPayload {
    private MapPayload() {
    }

    /**
     * The payload's entries, read whole before any is added, so they can be added as one batch; a
     * key without a value ends the reading and is kept to be answered after the entries before it
     * are added, the order HAProxy 2.6 keeps.
     */
    static Pairs read(String payload) {
        if (payload.isEmpty()) {
            // HAProxy 2.6.12 reads an empty payload as the key "\n" without a value (tried live)
            return new Pairs(payload, new int[0], 0, missingValue("\n"));
        }
        int[] bounds = new int[4 * Math.max(4, payload.length() / 24)];
        int n = 0;
        int p = 0;
        int end = payload.length();
        while (p < end) {
            p = skipBlanks(payload, p);
            int keyStart = p;
            while (p < end && !isBlank(payload.charAt(p))) {
                p++;
            }
            int keyEnd = p;
            p = skipBlanks(payload, p);
            int valueStart = p;
            while (p < end && payload.charAt(p) != '\n') {
                p++;
            }
            if (p == valueStart) {
                return new Pairs(payload, bounds, n, missingValue(payload.substring(keyStart, keyEnd)));
            }
            if (4 * n + 4 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[4 * n] = keyStart;
            bounds[4 * n + 1] = keyEnd;
            bounds[4 * n + 2] = valueStart;
            bounds[4 * n + 3] = p;
            n++;
            p++;
        }
        return new Pairs(payload, bounds, n, null);
    }

    private static CommandException missingValue(String key) {
        return new CommandException("Missing value for key '" + key + "'.");
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

    /** The (key, value) pairs of a payload, as positions in its text, then the parse error that ended it early, if any. */
    static final class Pairs {
        private final String text;
        /** Per entry: key start, key end, value start, value end. */
        private final int[] bounds;
        private final int size;
        private final CommandException endedBy;

        private Pairs(String text, int[] bounds, int size, CommandException endedBy) {
            this.text = text;
            this.bounds = bounds;
            this.size = size;
            this.endedBy = endedBy;
        }

        int size() {
            return size;
        }

        /** The parse error that ended the payload before its end, or null. */
        CommandException endedBy() {
            return endedBy;
        }

        String key(int i) {
            return text.substring(bounds[4 * i], bounds[4 * i + 1]);
        }

        /** The key packed as {@link Ipv4Text} packs it, or {@link Ipv4Text#NONE}; no string made. */
        long packedKey(int i) {
            return Ipv4Text.pack(text, bounds[4 * i], bounds[4 * i + 1]);
        }

        String value(int i) {
            return text.substring(bounds[4 * i + 2], bounds[4 * i + 3]);
        }

        /** The value as {@code values} keeps it: a string is made only for a value it has not seen. */
        String value(int i, ValueInterner values) {
            return values.intern(text, bounds[4 * i + 2], bounds[4 * i + 3]);
        }
    }
}
