package io.ganglion.balancer.pattern;

/**
 * One string instance per distinct map value of a reference. A GeoIP map loaded by payloads has a
 * million lines but a few hundred values, and each line's value would otherwise be a string of its
 * own kept as long as the entry: about 48 bytes and two objects per entry for the collector to copy
 * out of the young generation and mark at each full collection. A value read from a payload is
 * looked up by its position in the payload's text, so a known value makes no string at all.
 * Bounded: past {@value #MAX_VALUES} distinct values a new one is kept as given (a map whose values
 * are all different gains nothing, and must not pay a table as large as itself). Confined to the
 * control loop, as its reference.
 */
final class ValueInterner {
    static final int MAX_VALUES = 65_536;

    /** Open addressing, linear probing; at most half full. */
    private String[] slots = new String[64];
    private int size;

    /** The instance already kept for an equal value, else {@code value} (kept while there is room); null stays null. */
    String intern(String value) {
        if (value == null) {
            return null;
        }
        int i = find(value, 0, value.length());
        if (slots[i] != null) {
            return slots[i];
        }
        keep(i, value);
        return value;
    }

    /** The instance kept for the value {@code text[from, to)}, else a new string of it (kept while there is room). */
    String intern(String text, int from, int to) {
        int i = find(text, from, to);
        if (slots[i] != null) {
            return slots[i];
        }
        String value = text.substring(from, to);
        keep(i, value);
        return value;
    }

    /** The slot holding the value {@code text[from, to)}, or the empty slot where it would go. */
    private int find(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int mask = slots.length - 1;
        int i = (hash ^ hash >>> 16) & mask;
        while (slots[i] != null && !(slots[i].length() == to - from && slots[i].regionMatches(0, text, from, to - from))) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void keep(int slot, String value) {
        if (size >= MAX_VALUES) {
            return;
        }
        slots[slot] = value;
        size++;
        if (2 * size > slots.length) {
            String[] old = slots;
            slots = new String[old.length * 2];
            for (String s : old) {
                if (s != null) {
                    slots[find(s, 0, s.length())] = s;
                }
            }
        }
    }
}
