package io.ganglion.balancer.pattern;

import io.ganglion.balancer.runtime.CommandException;

/**
 * The entries of an {@code add map REF <<} payload, read as HAProxy 2.6 reads them: a key runs to
 * the first space or tab (a line break does not end it), blanks follow, and the value is the rest
 * of the line, spaces included. A key without a value is refused with HAProxy's text. So
 * {@code "onlykey\n10.0.0.0/8 A"} is one key {@code "onlykey\n10.0.0.0/8"} with the value
 * {@code A}, refused by an {@code ip} map as HAProxy 2.6.12 refuses it (checked live), and an empty
 * payload is refused as a key without a value.
 *
 * <p>A cursor over the payload's text: {@link #next} reads one entry in place, and the reference
 * adds it before the next is read. Nothing is made per line: no string for a line, its key (an IPv4
 * key in its usual spelling is packed from the text, {@link #packedKey}) or a value already seen
 * ({@link #value(ValueInterner)}), and no table of the lines' positions (a million-line load read
 * every line twice and allocated 16-40 B per line for that table). Confined to the control loop.
 */
final class MapPayload {
    private final String text;
    /** Where the line after the current entry starts. */
    private int next;
    private int keyStart;
    private int keyEnd;
    private int valueStart;
    private int valueEnd;
    private CommandException endedBy;

    private MapPayload(String text) {
        this.text = text;
    }

    /** A cursor before the payload's first entry. */
    static MapPayload read(String payload) {
        return new MapPayload(payload);
    }

    /**
     * Moves to the next entry; false at the end of the payload or at a key without a value, which
     * ends the reading and is kept ({@link #endedBy}) to be answered after the entries before it
     * are added, the order HAProxy 2.6 keeps.
     */
    boolean next() {
        if (endedBy != null) {
            return false;
        }
        String t = text;
        int end = t.length();
        if (end == 0) {
            // HAProxy 2.6.12 reads an empty payload as the key "\n" without a value (tried live)
            endedBy = missingValue("\n");
            return false;
        }
        int p = next;
        if (p >= end) {
            return false;
        }
        p = skipBlanks(t, p);
        int ks = p;
        while (p < end && !isBlank(t.charAt(p))) {
            p++;
        }
        int ke = p;
        p = skipBlanks(t, p);
        int vs = p;
        while (p < end && t.charAt(p) != '\n') {
            p++;
        }
        if (p == vs) {
            endedBy = missingValue(t.substring(ks, ke));
            return false;
        }
        keyStart = ks;
        keyEnd = ke;
        valueStart = vs;
        valueEnd = p;
        next = p + 1;
        return true;
    }

    /** The parse error that ended the payload before its end, or null (known once {@link #next} is false). */
    CommandException endedBy() {
        return endedBy;
    }

    String key() {
        return text.substring(keyStart, keyEnd);
    }

    /** The key packed as {@link Ipv4Text} packs it, or {@link Ipv4Text#NONE}; no string made. */
    long packedKey() {
        return Ipv4Text.pack(text, keyStart, keyEnd);
    }

    String value() {
        return text.substring(valueStart, valueEnd);
    }

    /** The value as {@code values} keeps it: a string is made only for a value it has not seen. */
    String value(ValueInterner values) {
        return values.intern(text, valueStart, valueEnd);
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
}
