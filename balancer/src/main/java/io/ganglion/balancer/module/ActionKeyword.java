package io.ganglion.balancer.module;

import io.ganglion.balancer.rules.RuleAction;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.RuleSet;
import java.util.List;
import java.util.Set;

/**
 * An action a package declares in {@link BalancerModule#actions()}: its name as HAProxy lists it
 * ({@code deny}, {@code set-header}, {@code set-var(*)} for a name that takes a parenthesised
 * argument), the rule sets it may appear in ({@code http-request}...), and how its words are
 * compiled at load.
 */
public record ActionKeyword(String name, Set<RuleSet> ruleSets, Compiler compiler) {
    public ActionKeyword {
        ruleSets = Set.copyOf(ruleSets);
    }

    /**
     * @param parenthesised what {@code set-var(txn.x)} has in parentheses, or null for a plain name
     * @param words         the words after the action's name, up to {@code if}/{@code unless}
     */
    @FunctionalInterface
    public interface Compiler {
        RuleAction compile(String parenthesised, List<String> words, RuleScope scope) throws RuleException;
    }

    /** Whether the name takes its argument in parentheses ({@code set-var(*)}). */
    public boolean parenthesised() {
        return name.endsWith("(*)");
    }

    /** The name without {@code (*)}. */
    public String stem() {
        return parenthesised() ? name.substring(0, name.length() - 3) : name;
    }
}
