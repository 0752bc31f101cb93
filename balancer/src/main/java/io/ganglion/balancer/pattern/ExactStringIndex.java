package io.ganglion.balancer.pattern;

/**
 * {@code -m str} and {@code map_str}: a hash of the keys (lower-cased under {@code -i}). HAProxy
 * keeps {@code -i} strings in a list; the answer is the same, found in one step.
 */
public record ExactStringIndex(StringHashTrie keys, boolean ignoreCase) implements EntryIndex {

    static ExactStringIndex empty(boolean ignoreCase) {
        return new ExactStringIndex(StringHashTrie.EMPTY, ignoreCase);
    }


    @Override
    public ExactStringIndex with(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        return new ExactStringIndex(keys.with(k, Entries.append(keys.get(k), entry)), ignoreCase);
    }

    @Override
    public ExactStringIndex without(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        Object old = keys.get(k);
        Object left = Entries.drop(old, entry.id());
        return left == old ? this : new ExactStringIndex(keys.with(k, left), ignoreCase);
    }

    @Override
    public ExactStringIndex replacing(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        Object old = keys.get(k);
        return old == null ? this : new ExactStringIndex(keys.with(k, Entries.replace(old, entry)), ignoreCase);
    }

    /** The first entry whose key is {@code sample}, or null. */
    public PatternEntry match(String sample) {
        return Entries.first(keys.get(Entries.fold(sample, ignoreCase)));
    }

    @Override
    public PatternEntry matchText(String sample) {
        return match(sample);
    }

    @Override
    public String kind() {
        return ignoreCase ? "list" : "tree";
    }
}
