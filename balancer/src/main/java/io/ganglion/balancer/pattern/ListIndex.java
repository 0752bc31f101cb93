package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * The methods HAProxy matches by walking a list ({@code int}, {@code len}, {@code sub}, {@code end},
 * {@code dir}, {@code dom}, {@code reg}, and {@code str}/{@code beg} are trees instead): each
 * pattern compiled once (a range, a regex) next to its entry, the first match answers. A lookup
 * costs one test per pattern, as in HAProxy; adding copies the array (these lists are short in
 * practice; the big ones, addresses and strings, are in trees).
 */
public record ListIndex(MatchMethod method, boolean ignoreCase, Item[] items) implements EntryIndex {

    /** One pattern, compiled. */
    public record Item(PatternEntry entry, MatchMethod.Compiled test) {
    }

    static ListIndex empty(MatchMethod method, boolean ignoreCase) {
        return new ListIndex(method, ignoreCase, new Item[0]);
    }

    @Override
    public ListIndex with(PatternEntry entry) throws PatternException {
        Item[] more = Arrays.copyOf(items, items.length + 1);
        more[items.length] = new Item(entry, method.compile(entry.key(), ignoreCase));
        return new ListIndex(method, ignoreCase, more);
    }

    @Override
    public ListIndex without(PatternEntry entry) {
        for (int i = 0; i < items.length; i++) {
            if (items[i].entry.id() == entry.id()) {
                Item[] fewer = new Item[items.length - 1];
                System.arraycopy(items, 0, fewer, 0, i);
                System.arraycopy(items, i + 1, fewer, i, fewer.length - i);
                return new ListIndex(method, ignoreCase, fewer);
            }
        }
        return this;
    }

    @Override
    public ListIndex replacing(PatternEntry entry) {
        Item[] copy = items.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i].entry.id() == entry.id()) {
                copy[i] = new Item(entry, copy[i].test);
            }
        }
        return new ListIndex(method, ignoreCase, copy);
    }

    /** The first entry whose pattern matches the string sample, or null. */
    public PatternEntry match(String sample) {
        for (Item item : items) {
            if (item.test.matches(sample)) {
                return item.entry;
            }
        }
        return null;
    }

    /** The first entry whose range holds {@code value} ({@code int}; {@code len} gives the length), or null. */
    public PatternEntry match(long value) {
        for (Item item : items) {
            if (item.test.matches(value)) {
                return item.entry;
            }
        }
        return null;
    }

    @Override
    public PatternEntry matchText(String sample) {
        if (method == MatchMethod.INT) {
            try {
                return match(Long.parseLong(sample));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return match(sample);
    }

    @Override
    public String kind() {
        return "list";
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
