package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.AclKeyword;
import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ConverterKeyword;
import io.ganglion.balancer.module.FetchKeyword;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every package's fetches, converters, ACL keywords and actions, joined into the tables the rule
 * compiler looks names up in (HAProxy's keyword lists). Built once per set of modules; immutable.
 */
public final class RuleLanguage {
    private final Map<String, FetchKeyword> fetches = new HashMap<>();
    private final Map<String, ConverterKeyword> converters = new HashMap<>();
    private final Map<String, AclKeyword> aclKeywords = new HashMap<>();
    private final List<ActionKeyword> actions = new ArrayList<>();

    private static volatile RuleLanguage installed;

    /** The installed packages' tables ({@link io.ganglion.balancer.module.BalancerModules#installed()}), made once. */
    public static RuleLanguage installed() {
        RuleLanguage l = installed;
        if (l == null) {
            l = new RuleLanguage(io.ganglion.balancer.module.BalancerModules.installed().modules());
            installed = l;
        }
        return l;
    }

    public RuleLanguage(List<BalancerModule> modules) {
        for (BalancerModule m : modules) {
            m.sampleFetches().forEach(f -> put(fetches, f.name(), f, m));
            m.converters().forEach(c -> put(converters, c.name(), c, m));
            m.aclKeywords().forEach(a -> put(aclKeywords, a.name(), a, m));
            actions.addAll(m.actions());
        }
    }

    private static <T> void put(Map<String, T> table, String name, T value, BalancerModule owner) {
        if (table.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("rule keyword '" + name + "' of " + owner.name() + " is declared twice");
        }
    }

    public FetchKeyword fetch(String name) {
        return fetches.get(name);
    }

    public ConverterKeyword converter(String name) {
        return converters.get(name);
    }

    public AclKeyword aclKeyword(String name) {
        return aclKeywords.get(name);
    }

    /** The action {@code word} names in {@code set} ({@code set-var(txn.x)} finds {@code set-var(*)}), or null. */
    public ActionKeyword action(RuleSet set, String word) {
        for (ActionKeyword a : actions) {
            if (!a.ruleSets().contains(set)) {
                continue;
            }
            if (a.parenthesised() ? word.startsWith(a.stem() + "(") && word.endsWith(")") : word.equals(a.name())) {
                return a;
            }
        }
        return null;
    }

    /** The action names of {@code set}, quoted and joined as HAProxy lists them in its "expects" message. */
    public String actionList(RuleSet set) {
        List<String> names = new ArrayList<>();
        for (ActionKeyword a : actions) {
            if (a.ruleSets().contains(set)) {
                names.add("'" + a.name() + "'");
            }
        }
        return String.join(", ", names);
    }
}
