package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.stream.ProxyRules;
import io.ganglion.balancer.proxy.stream.StreamAction;
import io.ganglion.balancer.proxy.stream.Verdict;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rule keywords' rows: {@code acl}, {@code http-request}, {@code http-response},
 * {@code tcp-request connection|content} and {@code use_backend}. Each line is compiled as it is
 * read (HAProxy's order, which numbers the pattern references) into the proxy's {@link ProxyRules}.
 */
final class RulesKeywords {
    /** A static {@code use_backend} target and where it was written, checked once every backend is known. */
    record BackendName(String name, Source where) {
    }

    static final Setting<List<BackendName>> BACKEND_NAMES = Setting.of("use_backend names", List.of());

    private static final Set<SectionKind> PROXIES = EnumSet.of(SectionKind.FRONTEND, SectionKind.BACKEND, SectionKind.LISTEN);
    private static final Set<SectionKind> FRONTENDS = EnumSet.of(SectionKind.FRONTEND, SectionKind.LISTEN);

    private RulesKeywords() {
    }

    static List<KeywordRow> rows(Supplier<RuleLanguage> language) {
        return List.of(
                KeywordRow.of("acl", PROXIES, (c, args) -> acl(c, args, language.get())),
                KeywordRow.of("http-request", PROXIES, (c, args) -> rule(c, args, RuleSet.HTTP_REQUEST, language.get())),
                KeywordRow.of("http-response", PROXIES, (c, args) -> rule(c, args, RuleSet.HTTP_RESPONSE, language.get())),
                KeywordRow.of("tcp-request connection", FRONTENDS,
                        (c, args) -> rule(c, args, RuleSet.TCP_CONNECTION, language.get())),
                KeywordRow.of("tcp-request content", PROXIES, (c, args) -> rule(c, args, RuleSet.TCP_CONTENT, language.get())),
                KeywordRow.of("use_backend", FRONTENDS, (c, args) -> useBackend(c, args, language.get())));
    }

    static RuleScope scope(ParseContext c, RuleLanguage language) {
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

    private static void acl(ParseContext c, List<String> args, RuleLanguage language) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("'acl' expects an ACL name and a fetch method.");
        }
        String name = args.get(0);
        String bad = badAclName(name);
        if (bad != null) {
            throw new KeywordException("invalid character in ACL name '" + name + "' : '" + bad + "'.");
        }
        RuleScope scope = scope(c, language);
        List<String> warnings = new ArrayList<>();
        AclTerm term;
        try {
            term = AclParser.parse(args.subList(1, args.size()), scope, warnings);
        } catch (RuleException e) {
            throw new KeywordException("error detected while parsing ACL '" + name + "' : " + e.getMessage());
        }
        warnings.forEach(c::warn);
        scope.acls().getOrCreate(name).add(term);
    }

    /** HAProxy's ACL names: letters, digits and {@code -_.:}. */
    private static String badAclName(String name) {
        for (char ch : name.toCharArray()) {
            if (!Character.isLetterOrDigit(ch) && "-_.:".indexOf(ch) < 0) {
                return String.valueOf(ch);
            }
        }
        return null;
    }

    private static void rule(ParseContext c, List<String> args, RuleSet set, RuleLanguage language) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("'" + set.keyword() + "' expects " + language.actionList(set) + ", but got ''.");
        }
        String word = args.get(0);
        ActionKeyword kw = language.action(set, word);
        if (kw == null) {
            throw new KeywordException("'" + set.keyword() + "' expects " + language.actionList(set) + ", but got '" + word + "'.");
        }
        RuleScope scope = scope(c, language);
        int cond = conditionStart(args);
        String ruleName = set.keyword() + " " + word;
        RuleAction action;
        try {
            String paren = kw.parenthesised() ? word.substring(kw.stem().length() + 1, word.length() - 1) : null;
            boolean backendSection = c.proxy().kind() == io.ganglion.balancer.config.ProxyKind.BACKEND;
            action = kw.compiler().compile(paren, args.subList(1, cond), scope.offering(SampleUse.offeredBy(set, backendSection)));
        } catch (ActionWords.ExtraWord e) {
            throw new KeywordException(e.getMessage());
        } catch (RuleException e) {
            throw new KeywordException("error detected in " + ProxyBuilder.kindWord(c.proxy().kind()) + " '" + c.proxy().name()
                    + "' while parsing '" + ruleName + "' rule : " + e.getMessage());
        }
        Condition condition = condition(c, args, cond, "'" + ruleName + "'", scope);
        StreamAction<Object> guarded = condition == Condition.ALWAYS ? action::run
                : (stream, message) -> condition.test(stream, message) ? action.run(stream, message) : Verdict.CONTINUE;
        ProxyBuilder p = c.proxy();
        ProxyRules rules = p.get(ProxyRules.SETTING);
        if ((set == RuleSet.TCP_CONTENT || set == RuleSet.TCP_CONNECTION) && !rules.httpRequest().isEmpty()) {
            c.warn("a 'tcp-request' rule placed after an 'http-request' rule will still be processed before.");
        }
        p.set(ProxyRules.SETTING, switch (set) {
            case HTTP_REQUEST -> rules.withHttpRequest(guarded::apply);
            case HTTP_RESPONSE -> rules.withHttpResponse(guarded::apply);
            case TCP_CONNECTION -> rules.withTcpConnection(guarded::apply);
            case TCP_CONTENT -> rules.withTcpContent(guarded);
        });
    }

    private static void useBackend(ParseContext c, List<String> args, RuleLanguage language) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("'use_backend' expects a backend name.");
        }
        RuleScope scope = scope(c, language);
        int cond = conditionStart(args);
        if (cond != 1) {
            throw new KeywordException("'use_backend' expects either 'if' or 'unless' followed by a condition but found '"
                    + args.get(1) + "'.");
        }
        String target = args.get(0);
        Condition condition = condition(c, args, cond, "'use_backend'", scope);
        ProxyBuilder p = c.proxy();
        ProxyRules.BackendSwitch link;
        if (target.contains("%[")) {
            FormatString name;
            try {
                // HAProxy resolves a dynamic name's maps once every section is read
                name = FormatString.compile(target, scope.deferringMaps());
            } catch (RuleException e) {
                throw new KeywordException("failed to parse use_backend rule '" + target + "' : " + e.getMessage());
            }
            link = backends -> (stream, request) -> {
                if (!condition.test(stream, request)) {
                    return Verdict.CONTINUE;
                }
                Backend b = backends.apply(name.render(stream, request));
                if (b == null) {
                    return Verdict.CONTINUE; // no such backend: HAProxy goes on to the next rule, then the default
                }
                stream.chooseBackend(b);
                return Verdict.DONE;
            };
        } else {
            List<BackendName> names = new ArrayList<>(p.get(BACKEND_NAMES));
            names.add(new BackendName(target, c.source()));
            p.set(BACKEND_NAMES, List.copyOf(names));
            link = backends -> {
                Backend b = backends.apply(target);
                return (stream, request) -> {
                    if (b == null || !condition.test(stream, request)) {
                        return Verdict.CONTINUE;
                    }
                    stream.chooseBackend(b);
                    return Verdict.DONE;
                };
            };
        }
        p.set(ProxyRules.SETTING, p.get(ProxyRules.SETTING).withBackendSwitch(link));
    }

    /** The index of the first {@code if} / {@code unless}, or the size. */
    private static int conditionStart(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("if") || args.get(i).equals("unless")) {
                return i;
            }
        }
        return args.size();
    }

    static Condition condition(ParseContext c, List<String> args, int at, String what, RuleScope scope)
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
}
