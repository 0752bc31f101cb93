package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.Source;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One {@code stick-table} line: the table takes its proxy's name.
 *
 * @param name     the proxy's name, which is the table's
 * @param keyType  {@code type}
 * @param keyLength the key's size in bytes ({@code len} for string and binary keys)
 * @param size     {@code size}: the most entries the table holds
 * @param expireMs {@code expire}: an entry goes this long after its last update; 0 = never
 * @param nopurge  {@code nopurge}: a full table refuses new entries instead of dropping the oldest
 * @param stored   {@code store}: the data kept per entry, with the period (ms) of each rate, 0 for others
 * @param source   where the line is, for messages
 */
public record StickTableSpec(String name, KeyType keyType, int keyLength, int size, long expireMs, boolean nopurge,
        Map<DataType, Integer> stored, Source source) {

    public StickTableSpec {
        EnumMap<DataType, Integer> copy = new EnumMap<>(DataType.class);
        copy.putAll(stored);
        stored = Collections.unmodifiableMap(copy);
    }

    public boolean stores(DataType type) {
        return stored.containsKey(type);
    }

    /** The period of a stored rate, in ms. */
    public int period(DataType type) {
        return stored.getOrDefault(type, 0);
    }

    /** This table storing {@code server_id} and {@code server_key} besides its own list (a stick rules' table). */
    public StickTableSpec withServer() {
        EnumMap<DataType, Integer> more = new EnumMap<>(DataType.class);
        more.putAll(stored);
        more.put(DataType.SERVER_ID, 0);
        more.put(DataType.SERVER_KEY, 0);
        return new StickTableSpec(name, keyType, keyLength, size, expireMs, nopurge, more, source);
    }
}
