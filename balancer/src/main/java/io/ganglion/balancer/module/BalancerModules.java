package io.ganglion.balancer.module;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.ConfigLanguage;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerOptionTable;
import io.ganglion.balancer.runtime.CliConnectionListener;
import io.ganglion.balancer.runtime.CommandRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The module descriptors found on the class path, and what they declare joined together: the
 * config keyword rows the parser reads and the command registry the stats sockets serve. No list
 * of packages is written here: each package names its descriptor in
 * {@code META-INF/services/io.ganglion.balancer.module.BalancerModule}.
 *
 * <pre>{@code
 * BalancerModules modules = BalancerModules.installed();
 * BalancerConfig config = ConfigParser.load("f.cfg", text, modules).config();
 * Balancer balancer = Balancer.start(config, modules);
 * }</pre>
 */
public final class BalancerModules {
    private static final BalancerModules INSTALLED = discover(BalancerModules.class.getClassLoader());

    private final List<BalancerModule> modules;
    private final ConfigLanguage language;

    private BalancerModules(List<BalancerModule> modules) {
        List<BalancerModule> sorted = new ArrayList<>(modules);
        // The class path's order is not the program's business: a fixed order keeps the parser's
        // choice between rows of equal length (and registration errors) the same on every machine.
        sorted.sort(Comparator.comparing(BalancerModule::name));
        this.modules = List.copyOf(sorted);
        List<ServerOption> options = new ArrayList<>();
        List<ServerOption.SpecCheck> specChecks = new ArrayList<>();
        List<ConfigCheck> configChecks = new ArrayList<>();
        Map<String, BindOption> bindOptions = new HashMap<>();
        for (BalancerModule m : this.modules) {
            options.addAll(m.serverOptions());
            specChecks.addAll(m.serverSpecChecks());
            configChecks.addAll(m.configChecks());
            for (BindOption o : m.bindOptions()) {
                if (bindOptions.putIfAbsent(o.keyword(), o) != null) {
                    throw new IllegalArgumentException("bind option '" + o.keyword() + "' is declared twice");
                }
            }
        }
        this.language = new ConfigLanguage(joinKeywordRows(this.modules, this), new ServerOptionTable(options, specChecks),
                configChecks, bindOptions);
    }

    /** The descriptors of the balancer's own packages (found once, by this class's loader). */
    public static BalancerModules installed() {
        return INSTALLED;
    }

    /** The descriptors {@code loader} finds; a test adds its own module this way. */
    public static BalancerModules discover(ClassLoader loader) {
        List<BalancerModule> found = new ArrayList<>();
        ServiceLoader.load(BalancerModule.class, loader).forEach(found::add);
        return new BalancerModules(found);
    }

    public List<BalancerModule> modules() {
        return modules;
    }

    /**
     * Every package's config keyword rows (the longest words first, so that {@code option httpchk}
     * wins over {@code option}), server options and post-parsing checks.
     */
    public ConfigLanguage configLanguage() {
        return language;
    }

    /** Every package's server options, for {@code add server}. */
    public ServerOptionTable serverOptions() {
        return language.serverOptions();
    }

    /** What every package wants told of a new stats socket connection, in the packages' order. */
    public CliConnectionListener statsSocketConnections(ModuleContext context) {
        List<CliConnectionListener> told = new ArrayList<>();
        for (BalancerModule m : modules) {
            CliConnectionListener l = m.statsSocketConnections(context);
            if (l != CliConnectionListener.NONE) {
                told.add(l);
            }
        }
        return told.size() == 1 ? told.get(0) : (channel, listenerId) -> told.forEach(l -> l.opened(channel, listenerId));
    }

    /** Every package's socket commands over {@code context}, with the CLI's own. */
    public CommandRegistry commandRegistry(ModuleContext context) {
        CommandRegistry.Builder builder = CommandRegistry.builder();
        for (BalancerModule m : modules) {
            builder.register(m.commands(context));
        }
        return builder.build();
    }

    private static List<KeywordRow> joinKeywordRows(List<BalancerModule> modules, BalancerModules all) {
        List<KeywordRow> rows = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (BalancerModule m : modules) {
            for (KeywordRow row : m.configKeywords(all)) {
                int clash = sameKeyword(rows, row);
                if (clash >= 0) {
                    throw new IllegalStateException("config keyword '" + row.name() + "' of " + m.name()
                            + " is already declared by " + owners.get(clash));
                }
                rows.add(row);
                owners.add(m.name());
            }
        }
        rows.sort(Comparator.comparingInt((KeywordRow r) -> r.words().size()).reversed());
        return Collections.unmodifiableList(rows);
    }

    /** The index of a row with the same words in a section {@code row} also accepts, or -1. */
    private static int sameKeyword(List<KeywordRow> rows, KeywordRow row) {
        for (int i = 0; i < rows.size(); i++) {
            KeywordRow other = rows.get(i);
            if (other.words().equals(row.words()) && !Collections.disjoint(other.sections(), row.sections())) {
                return i;
            }
        }
        return -1;
    }
}
