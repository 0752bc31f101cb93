package io.ganglion.balancer.pattern;

import java.util.HashMap;
import java.util.Map;

/**
 * One string instance per distinct map value of a reference. A GeoIP map loaded by payloads has a
 * million lines but a few hundred values, and each line's value would otherwise be a string of its
 * own kept as long as the entry: about 48 bytes and two objects per entry for the collector to copy
 * out of the young generation and mark at each full collection. Bounded: past {@value #MAX_VALUES}
 * distinct values a new one is kept as given (a map whose values are all different gains nothing,
 * and must not pay a table as large as itself). Confined to the control loop, as its reference.
 */
final class ValueInterner {
    static final int MAX_VALUES = 65_536;

    private final Map<String, String> values = new HashMap<>();

    /** The instance already kept for an equal value, else {@code value} (kept while there is room); null stays null. */
    String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = values.get(value);
        if (known != null) {
            return known;
        }
        if (values.size() < MAX_VALUES) {
            values.put(value, value);
        }
        return value;
    }
}
