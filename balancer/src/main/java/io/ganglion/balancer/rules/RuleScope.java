package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.pattern.PatternReferences;

/**
 * Where a rule, an ACL or a sample expression is being compiled: the configuration's shared load
 * (pattern references, deferred work), the keyword tables, the proxy's named ACLs, the line. A
 * fetch or converter compiler uses it to load a map file or defer work to the end of the load.
 *
 * @param proxyName the proxy the line belongs to ({@code null} outside a proxy)
 * @param deferMaps whether map files are loaded at the end of the load rather than now: HAProxy
 *                  does so for {@code log-format} and {@code use_backend %[...]}, which numbers their
 *                  references after every ACL's
 */
public record RuleScope(RulesLoad load, RuleLanguage language, ProxyAcls acls, String proxyName, Source where,
        boolean deferMaps, java.util.Set<SampleUse> offered) {

    /** A scope where every fetch may be used (a log format). */
    public RuleScope(RulesLoad load, RuleLanguage language, ProxyAcls acls, String proxyName, Source where,
            boolean deferMaps) {
        this(load, language, acls, proxyName, where, deferMaps, java.util.EnumSet.allOf(SampleUse.class));
    }

    /** The same scope, its fetches limited to what {@code uses} offers. */
    public RuleScope offering(java.util.Set<SampleUse> uses) {
        return new RuleScope(load, language, acls, proxyName, where, deferMaps, uses);
    }

    public PatternReferences patterns() {
        return load.patterns();
    }

    /** The same scope for deferred map loading. */
    public RuleScope deferringMaps() {
        return new RuleScope(load, language, acls, proxyName, where, true, offered);
    }
}
