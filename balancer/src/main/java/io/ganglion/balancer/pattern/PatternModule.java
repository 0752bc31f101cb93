package io.ganglion.balancer.pattern;

import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.rules.RulesLoad;
import io.ganglion.balancer.runtime.CommandTable;

/**
 * The {@code pattern} package: the {@code acl} and {@code map} socket commands over the pattern
 * references the rules of the running configuration created ({@link PatternCommands}).
 */
public final class PatternModule implements BalancerModule {
    @Override
    public String name() {
        return "pattern";
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        // the references live with the configuration's rules, which number and load them
        PatternReferences references = RulesLoad.patterns(context.balancer().config().global());
        return PatternCommands.table(references, context.control(), context::publishBeforeAnswers);
    }
}
