package io.ganglion.balancer.config;

import io.ganglion.balancer.module.BalancerModules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a configuration in HAProxy's language, with the keyword rows that the balancer's packages
 * declare in their module descriptors ({@link BalancerModules}): the parser knows no keyword itself.
 * Every line is checked and every problem of the file is reported at once; a file with any alert
 * yields no configuration at all, so a caller keeps running with its last good one.
 *
 * <pre>
 * BalancerConfig config = ConfigParser.parse(Path.of("/etc/ganglion/balancer.cfg"));
 * </pre>
 */
public final class ConfigParser {
    private final ConfigLanguage language;
    private final List<KeywordRow> rows;
    private final ConfigVariables variables;
    private final LineTokenizer tokenizer;
    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final GlobalBuilder global = new GlobalBuilder();
    private final List<ProxyBuilder> proxies = new ArrayList<>();
    private SectionKind section;
    /** What {@code ${.SECTION}} says: the section's name, its keyword when it has none, "" before the first. */
    private String sectionLabel = "";
    private ProxyBuilder current;
    private ProxyBuilder defaults;

    private ConfigParser(String file, Function<String, String> environment, ConfigLanguage language) {
        this.file = file;
        this.language = language;
        this.rows = language.keywords();
        this.variables = new ConfigVariables(environment);
        this.tokenizer = new LineTokenizer(variables);
    }

    public static BalancerConfig parse(Path file) throws ConfigException, IOException {
        return load(file).config();
    }

    public static BalancerConfig parse(String name, String text) throws ConfigException {
        return load(name, text, System::getenv).config();
    }

    /** Like {@link #parse(Path)}, with the warnings. */
    public static LoadedConfig load(Path file) throws ConfigException, IOException {
        return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8), System::getenv);
    }

    /** Parses {@code text} as the file {@code name}, expanding {@code "${VAR}"} from {@code environment}. */
    public static LoadedConfig load(String name, String text, Map<String, String> environment) throws ConfigException {
        return load(name, text, environment::get);
    }

    /** Parses {@code text} with the keywords of {@code modules} (a test adds its own module this way). */
    public static LoadedConfig load(String name, String text, BalancerModules modules) throws ConfigException {
        return new ConfigParser(name, System::getenv, modules.configLanguage()).run(text);
    }

    private static LoadedConfig load(String name, String text, Function<String, String> environment) throws ConfigException {
        return new ConfigParser(name, environment, BalancerModules.installed().configLanguage()).run(text);
    }

    private LoadedConfig run(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Source source = new Source(file, i + 1);
            try {
                ConfigLine line = tokenizer.tokenize(lines[i], source, sectionLabel);
                if (!line.isEmpty()) {
                    apply(line);
                }
            } catch (KeywordException e) {
                problems.add(Problem.alert(source, e.getMessage()));
            }
        }
        List<ProxySection> built = proxies.stream().map(ProxyBuilder::build).toList();
        GlobalSection globalSection = global.build();
        problems.addAll(ConfigValidator.validate(built, proxies, !globalSection.logs().isEmpty(), language.checks()));
        if (problems.stream().anyMatch(Problem::isAlert)) {
            throw new ConfigException(file, problems);
        }
        return new LoadedConfig(new BalancerConfig(globalSection, built), problems);
    }

    private void apply(ConfigLine line) throws KeywordException {
        List<String> words = line.words();
        SectionKind header = SectionKind.fromKeyword(words.get(0));
        if (header != null) {
            openSection(header, words, line.source());
            return;
        }
        if (section == null) {
            throw new KeywordException("unknown keyword '" + words.get(0) + "' out of section.");
        }
        boolean negated = words.get(0).equals("no") && words.size() > 1;
        List<String> keyword = negated ? words.subList(1, words.size()) : words;
        KeywordRow row = find(keyword);
        if (row == null || (negated && !row.negatable())) {
            if (negated && row != null) {
                throw new KeywordException("negation/default is not supported for " + negationName(row) + ".");
            }
            throw unknown(words.get(0));
        }
        if (!row.sections().contains(section)) {
            throw notAllowed(row);
        }
        ParseContext context = new ParseContext(section, global, current, line.source(), negated, problems, variables,
                language.serverOptions(), language.bindOptions());
        row.handler().handle(context, keyword.subList(row.words().size(), keyword.size()));
    }

    /** The longest row matching the words, preferring one allowed in this section ({@code maxconn} is in both kinds). */
    private KeywordRow find(List<String> words) {
        KeywordRow fallback = null;
        for (KeywordRow row : rows) {
            if (row.matches(words)) {
                if (row.sections().contains(section)) {
                    return row;
                }
                if (fallback == null) {
                    fallback = row;
                }
            }
        }
        return fallback;
    }

    /** HAProxy's words: {@code option 'httplog'}, else {@code 'stats timeout'}. */
    private static String negationName(KeywordRow row) {
        List<String> w = row.words();
        return w.size() == 2 && w.get(0).equals("option") ? "option '" + w.get(1) + "'" : "'" + row.name() + "'";
    }

    private KeywordException unknown(String word) {
        return new KeywordException("unknown keyword '" + word + "' in '" + section.keyword() + "' section");
    }

    /** HAProxy's wording for a proxy keyword used on the wrong side of a proxy. */
    private KeywordException notAllowed(KeywordRow row) {
        if (section == SectionKind.GLOBAL || row.sections().equals(java.util.Set.of(SectionKind.GLOBAL))) {
            return unknown(row.words().get(0));
        }
        if (section == SectionKind.DEFAULTS) {
            return new KeywordException("'" + row.name() + "' not allowed in 'defaults' section.");
        }
        String missing = section == SectionKind.FRONTEND ? "backend" : "frontend";
        return new KeywordException("'" + row.name() + "' not allowed because " + section.keyword() + " '"
                + current.name() + "' has no " + missing + " capability.");
    }

    private void openSection(SectionKind kind, List<String> words, Source source) throws KeywordException {
        section = kind;
        current = null;
        String name = words.size() > 1 ? words.get(1) : "";
        sectionLabel = name.isEmpty() || kind == SectionKind.GLOBAL ? kind.keyword() : name;
        if (kind == SectionKind.GLOBAL) {
            return;
        }
        if (kind == SectionKind.DEFAULTS) {
            // Each defaults section starts afresh and applies to the proxies that follow it.
            defaults = new ProxyBuilder(name, ProxyKind.LISTEN, source);
            current = defaults;
            return;
        }
        ProxyKind proxyKind = ProxyKind.valueOf(kind.name());
        current = defaults == null ? new ProxyBuilder(name, proxyKind, source) : defaults.copyFor(name, proxyKind, source);
        if (name.isEmpty()) {
            // Keep parsing the section's lines (to report their problems) without registering it.
            throw new KeywordException("'" + kind.keyword() + "' expects <name> as an argument.");
        }
        proxies.add(current);
    }
}
