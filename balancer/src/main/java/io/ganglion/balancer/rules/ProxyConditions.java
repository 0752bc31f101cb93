package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ParseContext;
import java.util.List;

/**
 * Conditions for the keywords of other packages that take {@code if|unless COND} ({@code stats admin},
 * {@code stats http-request}): compiled with the proxy's ACLs and the installed fetches, as the
 * rules' own conditions are, with the same error wording.
 */
public final class ProxyConditions {
    private ProxyConditions() {
    }

    /**
     * @param args the line's words after its keyword; {@code args.get(at)} is {@code if} or {@code unless}
     * @param what the rule as HAProxy names it in errors ({@code 'stats admin'})
     * @return the condition, {@link Condition#ALWAYS} when {@code at} is past the last word
     */
    public static Condition parse(ParseContext c, List<String> args, int at, String what) throws KeywordException {
        RuleLanguage language = RuleLanguage.installed();
        return RuleLines.condition(c, args, at, what, RuleLines.scope(c, language));
    }
}
