package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What every keyword line carrying samples and a condition needs, whichever package owns the
 * keyword ({@code http-request} here, {@code stick on} in {@code stick}): the line's
 * {@link RuleScope} and its {@code if|unless} condition, compiled as HAProxy compiles them.
 */
public final class RuleLines {
    private RuleLines() {
    }

    /** The scope of a line of the proxy being read: the load's shared state, the proxy's ACLs. */
    public static RuleScope scope(ParseContext c, RuleLanguage language) {
        ProxyBuilder p = c.proxy();
        RulesLoad load = RulesLoad.of(c.global());
        p.set(RulesLoad.SETTING, load);
        ProxyAcls acls = p.get(ProxyAcls.SETTING);
        if (acls == null) {
            acls = new ProxyAcls();
            p.set(ProxyAcls.SETTING, acls);
        }
        return new RuleScope(load, language, acls, p.name(), c.source(), false);
    }

    /** The index of the first {@code if} / {@code unless} after the first word, or the size. */
    public static int conditionStart(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("if") || args.get(i).equals("unless")) {
                return i;
            }
        }
        return args.size();
    }

    /**
     * The condition starting at {@code at} ({@link Condition#ALWAYS} when there is none), its
     * warnings given at the line; refused as "error detected while parsing an WHAT condition".
     */
    public static Condition condition(ParseContext c, List<String> args, int at, String what, RuleScope scope)
            throws KeywordException {
        if (at >= args.size()) {
            return Condition.ALWAYS;
        }
        List<String> warnings = new ArrayList<>();
        try {
            Condition cond = ConditionParser.parse(args.subList(at + 1, args.size()), args.get(at).equals("unless"), scope,
                    warnings);
            warnings.forEach(c::warn);
            return cond;
        } catch (RuleException e) {
            throw new KeywordException("error detected while parsing an " + what + " condition : " + e.getMessage());
        }
    }

    /** The samples a rule set offers in a frontend (or listen) section or in a backend, as its rules get them. */
    public static java.util.Set<SampleUse> offeredBy(RuleSet set, boolean backendSection) {
        return SampleUse.offeredBy(set, backendSection);
    }
}
