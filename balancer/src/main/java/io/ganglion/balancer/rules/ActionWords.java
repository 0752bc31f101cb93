package io.ganglion.balancer.rules;

import java.util.List;

/** The words of one action, read in order by its compiler, with HAProxy's messages when they run out or remain. */
public final class ActionWords {
    private final String rule;
    private final List<String> words;
    private int next;

    /** @param rule {@code http-request deny}, for messages */
    public ActionWords(String rule, List<String> words) {
        this.rule = rule;
        this.words = List.copyOf(words);
    }

    public boolean hasNext() {
        return next < words.size();
    }

    public String peek() {
        return words.get(next);
    }

    public String next() {
        return words.get(next++);
    }

    /** The value after an option word ({@code deny_status 429}). */
    public String valueOf(String option) throws RuleException {
        if (!hasNext()) {
            throw new RuleException("missing argument for '" + option + "'.");
        }
        return next();
    }

    public int size() {
        return words.size();
    }

    /** Refuses words the action did not take, as HAProxy: it expected {@code if} or {@code unless}. */
    public void expectEnd() throws RuleException {
        if (hasNext()) {
            throw new ExtraWord("'" + rule + "' expects either 'if' or 'unless' followed by a condition but found '"
                    + peek() + "'.");
        }
    }

    /** An action's leftover word: HAProxy reports it without the "error detected in ..." prefix. */
    static final class ExtraWord extends RuleException {
        ExtraWord(String message) {
            super(message);
        }
    }
}
