package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.GlobalBuilder;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.pattern.MatchMethod;
import io.ganglion.balancer.pattern.PatternException;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.pattern.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rules of one configuration share while it loads: its pattern references (numbered across
 * proxies), and the work HAProxy does once every section is read (the maps of {@code log-format} and
 * {@code use_backend %[...]}, which it loads after its own internal references). Kept in the global
 * section's settings, so the socket commands find the references of the running configuration with
 * {@link #of(io.ganglion.balancer.config.GlobalSection)}.
 *
 * <p>Confined to the loading thread; after the load only the pattern references change, through
 * their own control-loop contract.
 */
public final class RulesLoad {
    /** The load of the configuration; null in a configuration without rules. */
    public static final Setting<RulesLoad> SETTING = Setting.of("rules", null);

    /** Work done once every section is read; may report a problem. */
    @FunctionalInterface
    public interface Deferred {
        void run(List<Problem> problems);
    }

    private final PatternReferences patterns = new PatternReferences();
    private final List<Deferred> deferred = new ArrayList<>();
    private boolean finished;
    /** HAProxy's proxy ids ({@code fe_id}, {@code be_id}): 2, 3... in file order, as {@code show stat} numbers them. */
    private java.util.Map<String, Integer> proxyIds = java.util.Map.of();
    /**
     * The running backends by name, for the fetches that name one ({@code nbsrv(be)}, {@code
     * srv_is_up(be/srv)}); set once when the balancer starts, before any traffic.
     */
    private volatile java.util.function.Function<String, io.ganglion.balancer.proxy.Backend> backends = name -> null;

    /** The load of the configuration being parsed, made by its first rule. */
    public static RulesLoad of(GlobalBuilder global) {
        RulesLoad load = global.get(SETTING);
        if (load == null) {
            load = new RulesLoad();
            global.set(SETTING, load);
        }
        return load;
    }

    /** The running configuration's pattern references (none when it has no rules). */
    public static PatternReferences patterns(io.ganglion.balancer.config.GlobalSection global) {
        RulesLoad load = global.get(SETTING);
        if (load != null) {
            return load.patterns;
        }
        PatternReferences none = new PatternReferences();
        addHttpClientReferences(none);
        return none;
    }

    /** The proxy id of {@code name}, 0 when unknown. */
    int proxyId(String name) {
        return proxyIds.getOrDefault(name, 0);
    }

    io.ganglion.balancer.proxy.Backend backend(String name) {
        return backends.apply(name);
    }

    /** Called by the balancer once its backends exist, before it takes traffic. */
    public void link(java.util.function.Function<String, io.ganglion.balancer.proxy.Backend> running) {
        this.backends = running;
    }

    public PatternReferences patterns() {
        return patterns;
    }

    /** Runs {@code work} once every section is read, in the order deferred. */
    public void defer(Deferred work) {
        deferred.add(work);
    }

    /**
     * The end of the load: HAProxy's internal HTTP client creates two references here (they show
     * in {@code show acl} as {@code acl 'var' file 'httpclient' line 0.}, one {@code 0.0.0.0} pattern
     * each, and take their numbers), then the deferred maps are loaded.
     */
    void finish(List<io.ganglion.balancer.config.ProxySection> proxies, List<Problem> problems) {
        if (finished) {
            return;
        }
        finished = true;
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < proxies.size(); i++) {
            ids.put(proxies.get(i).name(), 2 + i);
        }
        proxyIds = java.util.Map.copyOf(ids);
        addHttpClientReferences(patterns);
        deferred.forEach(d -> d.run(problems));
    }

    private static void addHttpClientReferences(PatternReferences refs) {
        for (int i = 0; i < 2; i++) {
            var r = refs.inline("var", "httpclient", 0);
            try {
                r.expression(MatchMethod.IP, false, ValueKind.NONE);
                r.load("0.0.0.0", null);
            } catch (PatternException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

}
