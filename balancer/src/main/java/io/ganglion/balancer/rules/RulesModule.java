package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.module.AclKeyword;
import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.BalancerModules;
import io.ganglion.balancer.module.ConverterKeyword;
import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.proxy.stream.ProxyRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rules} package: the rule keywords ({@code acl}, {@code http-request},
 * {@code http-response}, {@code tcp-request}, {@code use_backend}) and the generic fetches,
 * converters, ACL keywords and actions. Other packages add their own ({@code sc_*}, {@code ssl_*})
 * through their module descriptors; the compiler sees them all through {@link RuleLanguage}.
 */
public final class RulesModule implements BalancerModule {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public List<KeywordRow> configKeywords(BalancerModules all) {
        // the tables are joined at first use: every descriptor exists by then
        RuleLanguage[] language = new RuleLanguage[1];
        return RulesKeywords.rows(() -> {
            if (language[0] == null) {
                language[0] = new RuleLanguage(all.modules());
            }
            return language[0];
        });
    }

    @Override
    public List<FetchKeyword> sampleFetches() {
        return GenericFetches.table();
    }

    @Override
    public List<ConverterKeyword> converters() {
        return GenericConverters.table();
    }

    @Override
    public List<AclKeyword> aclKeywords() {
        return GenericAclKeywords.table();
    }

    @Override
    public List<ActionKeyword> actions() {
        List<ActionKeyword> all = new ArrayList<>(HttpActions.table());
        all.addAll(TcpActions.table());
        return all;
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of(RulesModule::finishLoad);
    }

    /** The end of the load: HAProxy's late references and maps, then the {@code use_backend} targets. */
    private static void finishLoad(List<ProxySection> proxies, java.util.Map<String, ProxySection> backends,
            List<Problem> problems) {
        for (ProxySection p : proxies) {
            RulesLoad load = p.get(RulesLoad.SETTING);
            if (load != null) {
                load.finish(proxies, problems);
                break;
            }
        }
        for (ProxySection p : proxies) {
            ProxyRules rules = p.get(ProxyRules.SETTING);
            if (p.mode() == ProxyMode.TCP) {
                String kind = ProxyBuilder.kindWord(p.kind());
                if (!rules.httpRequest().isEmpty()) {
                    problems.add(Problem.warning(null, "'http-request' rules ignored for " + kind + " '" + p.name()
                            + "' as they require HTTP mode."));
                }
                if (!rules.httpResponse().isEmpty()) {
                    problems.add(Problem.warning(null, "'http-response' rules ignored for " + kind + " '" + p.name()
                            + "' as they require HTTP mode."));
                }
                if (!p.isFrontend() && !rules.tcpContent().isEmpty()) {
                    // HAProxy applies them once the backend is chosen; Ganglion's TCP streams do not run backend rules yet
                    problems.add(Problem.alert(p.source(), "'tcp-request content' rules in a mode tcp backend ('" + p.name()
                            + "') are not supported yet."));
                }
            }
            for (RulesKeywords.BackendName b : p.get(RulesKeywords.BACKEND_NAMES)) {
                if (!backends.containsKey(b.name())) {
                    problems.add(Problem.alert(null, "Proxy '" + p.name() + "': unable to find required use_backend: '"
                            + b.name() + "'."));
                }
            }
        }
    }

    @Override
    public void beforeStart(ModuleContext context) {
        RulesLoad load = context.balancer().config().global().get(RulesLoad.SETTING);
        if (load != null) {
            load.link(name -> context.balancer().backend(name).orElse(null));
        }
    }
}
