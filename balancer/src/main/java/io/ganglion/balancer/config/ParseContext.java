package io.ganglion.balancer.config;

import java.util.List;
import java.util.Map;

/**
 * What a keyword handler sees: the line being applied and the section it belongs to. Exactly one of
 * {@link #global()} and {@link #proxy()} is usable, as the row's section kinds guarantee.
 */
public final class ParseContext {
    private final SectionKind section;
    private final GlobalBuilder global;
    private final ProxyBuilder proxy;
    private final Source source;
    private final boolean negated;
    private final List<Problem> problems;
    private final ConfigVariables variables;
    private final ServerOptionTable serverOptions;
    private final Map<String, BindOption> bindOptions;

    ParseContext(SectionKind section, GlobalBuilder global, ProxyBuilder proxy, Source source, boolean negated,
                 List<Problem> problems, ConfigVariables variables, ServerOptionTable serverOptions,
                 Map<String, BindOption> bindOptions) {
        this.section = section;
        this.global = global;
        this.proxy = proxy;
        this.source = source;
        this.negated = negated;
        this.problems = problems;
        this.variables = variables;
        this.serverOptions = serverOptions;
        this.bindOptions = bindOptions;
    }

    /** The {@code bind} option named {@code keyword} that a package declares, or null. */
    public BindOption bindOption(String keyword) {
        return bindOptions.get(keyword);
    }

    /** The server options every package declares, for {@code server} and {@code default-server}. */
    public ServerOptionTable serverOptions() {
        return serverOptions;
    }

    public SectionKind section() {
        return section;
    }

    public GlobalBuilder global() {
        return global;
    }

    public ProxyBuilder proxy() {
        return proxy;
    }

    public Source source() {
        return source;
    }

    /** The line started with {@code no} (only for {@link KeywordRow#negatable} rows). */
    public boolean negated() {
        return negated;
    }

    /** The variables the following lines expand ({@code setenv} changes them). */
    ConfigVariables variables() {
        return variables;
    }

    /** Records a warning for this line; the line still applies. */
    public void warn(String message) {
        problems.add(Problem.warning(source, message));
    }

    /** Records a warning whose message places itself (HAProxy spells a few {@code parsing [FILE:LINE]: ...}). */
    public void warnAsWritten(String message) {
        problems.add(Problem.warning(null, message));
    }
}
