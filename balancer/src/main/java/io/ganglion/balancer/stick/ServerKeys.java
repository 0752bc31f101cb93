package io.ganglion.balancer.stick;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The names stored as {@code server_key} (HAProxy keeps them in a dictionary shared by every
 * table): an entry holds a number here, 0 for none ({@code server_key=-}). Servers are few and
 * their names known at load, so the dictionary only grows by a server added at run time.
 */
final class ServerKeys {
    private static final Map<String, Integer> NUMBERS = new ConcurrentHashMap<>();
    /** Number n's name is at n - 1. */
    private static final CopyOnWriteArrayList<String> NAMES = new CopyOnWriteArrayList<>();

    private ServerKeys() {
    }

    /** The number of {@code name}, added if it is new. */
    static int of(String name) {
        Integer n = NUMBERS.get(name);
        return n != null ? n : NUMBERS.computeIfAbsent(name, ServerKeys::add);
    }

    private static synchronized int add(String name) {
        NAMES.add(name);
        return NAMES.size();
    }

    /** As {@code show table} prints it: the name, {@code -} for none. */
    static String text(long number) {
        return number <= 0 || number > NAMES.size() ? "-" : NAMES.get((int) number - 1);
    }
}
