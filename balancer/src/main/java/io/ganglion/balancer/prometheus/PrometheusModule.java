package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.rules.RuleSet;
import io.ganglion.balancer.rules.RulesLoad;
import io.ganglion.balancer.stick.StickModule;
import java.util.List;
import java.util.Set;

/**
 * The {@code prometheus} package: HAProxy 2.6's Prometheus exporter as the service of
 * {@code http-request use-service prometheus-exporter}, answered in the stream.
 */
public final class PrometheusModule implements BalancerModule {
    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public List<ActionKeyword> actions() {
        return List.of(new ActionKeyword("use-service", Set.of(RuleSet.HTTP_REQUEST),
                (paren, words, scope) -> ExporterService.compile(words, scope)));
    }

    @Override
    public void beforeStart(ModuleContext context) {
        ExporterTarget target = ExporterLinks.find(context.balancer().config().global().get(RulesLoad.SETTING));
        if (target != null) {
            target.link(context.balancer(), StickModule.tables(context));
        }
    }
}
