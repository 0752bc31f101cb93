package io.ganglion.balancer.pattern;

import java.util.Arrays;
import java.util.Locale;

/**
 * The entries the indexes keep under one key, in the order added: null (none), one
 * {@link PatternEntry}, or an array of them (duplicates, which HAProxy keeps). Immutable: each
 * change returns a new value; the first entry answers a lookup.
 */
final class Entries {
    private Entries() {
    }

    static Object append(Object entries, PatternEntry e) {
        if (entries == null) {
            return e;
        }
        if (entries instanceof PatternEntry one) {
            return new PatternEntry[] {one, e};
        }
        PatternEntry[] many = (PatternEntry[]) entries;
        PatternEntry[] more = Arrays.copyOf(many, many.length + 1);
        more[many.length] = e;
        return more;
    }

    /** The entries without the one of that id: the same object when absent, null when none is left. */
    static Object drop(Object entries, long id) {
        if (entries instanceof PatternEntry one) {
            return one.id() == id ? null : entries;
        }
        if (entries == null) {
            return null;
        }
        PatternEntry[] many = (PatternEntry[]) entries;
        for (int i = 0; i < many.length; i++) {
            if (many[i].id() == id) {
                if (many.length == 2) {
                    return many[1 - i];
                }
                PatternEntry[] fewer = new PatternEntry[many.length - 1];
                System.arraycopy(many, 0, fewer, 0, i);
                System.arraycopy(many, i + 1, fewer, i, many.length - i - 1);
                return fewer;
            }
        }
        return entries;
    }

    /** Replaces the entry of the same id (a new value), the order kept. */
    static Object replace(Object entries, PatternEntry e) {
        if (entries instanceof PatternEntry one) {
            return one.id() == e.id() ? e : entries;
        }
        PatternEntry[] many = ((PatternEntry[]) entries).clone();
        for (int i = 0; i < many.length; i++) {
            if (many[i].id() == e.id()) {
                many[i] = e;
            }
        }
        return many;
    }

    static PatternEntry first(Object entries) {
        return entries == null ? null : entries instanceof PatternEntry one ? one : ((PatternEntry[]) entries)[0];
    }

    static PatternEntry[] all(Object entries) {
        if (entries == null) {
            return new PatternEntry[0];
        }
        return entries instanceof PatternEntry one ? new PatternEntry[] {one} : ((PatternEntry[]) entries).clone();
    }

    /** The key as an index keeps it: lower-cased under {@code -i}. */
    static String fold(String s, boolean ignoreCase) {
        return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
    }
}
