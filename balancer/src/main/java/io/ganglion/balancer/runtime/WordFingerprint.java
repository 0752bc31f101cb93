package io.ganglion.balancer.runtime;

/**
 * HAProxy's measure of how alike two words look (tools.c, {@code update_word_fingerprint} and
 * {@code word_fingerprint_distance}), used to suggest commands close to an unknown one.
 *
 * <p>A fingerprint counts the transitions between classes of characters: 26 letters (case
 * ignored), "digit" and "other", plus "begin"/"end" (which share the "other" class), in a 32×32
 * table indexed {@code 32*from + to}; row 0 marks which classes occur at all. The distance is the
 * sum of the absolute differences of the two tables. Several words can be added to one print.
 */
final class WordFingerprint {
    private static final int OTHER = 28;
    private static final int DIGIT = 27;

    private final int[] counts = new int[1024];

    /** Adds the transitions of one word, from "begin" to "end". */
    WordFingerprint add(String word) {
        int from = OTHER;
        for (int i = 0; i < word.length(); i++) {
            int to = classOf(word.charAt(i));
            counts[to] = 1;
            counts[32 * from + to]++;
            from = to;
        }
        counts[32 * from + OTHER]++;
        return this;
    }

    int distanceTo(WordFingerprint other) {
        int distance = 0;
        for (int i = 0; i < counts.length; i++) {
            distance += Math.abs(counts[i] - other.counts[i]);
        }
        return distance;
    }

    private static int classOf(char c) {
        char lower = Character.toLowerCase(c);
        if (lower >= 'a' && lower <= 'z') {
            return lower - 'a' + 1;
        }
        return c >= '0' && c <= '9' ? DIGIT : OTHER;
    }
}
