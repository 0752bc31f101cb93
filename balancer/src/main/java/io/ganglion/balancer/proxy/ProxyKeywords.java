package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.AddressParser;
import io.ganglion.balancer.config.Arguments;
import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.HttpConnectionMode;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Settings;
import io.ganglion.balancer.config.TimeParser;
import io.ganglion.balancer.config.Timeouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The config keywords of the {@code proxy} package: {@code bind}, {@code mode}, {@code maxconn},
 * {@code timeout}, {@code default_backend}, the boolean {@code option}s and the HTTP connection modes,
 * {@code retries}, {@code log global} (the log formats are the {@code log} package's).
 */
public final class ProxyKeywords {
    private ProxyKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("bind", EnumSet.of(SectionKind.FRONTEND, SectionKind.LISTEN), ProxyKeywords::bind),
                KeywordRow.of("mode", SectionKind.ANY_PROXY, ProxyKeywords::mode),
                KeywordRow.of("maxconn", SectionKind.FRONTEND_SIDE, (ctx, args) -> ctx.proxy().maxconn(
                        Arguments.integer(args.size() == 1 ? args.get(0) : "", "'maxconn' expects an integer argument."))),
                KeywordRow.of("timeout", SectionKind.ANY_PROXY, ProxyKeywords::timeout),
                KeywordRow.of("default_backend", SectionKind.FRONTEND_SIDE, (ctx, args) -> ctx.proxy().defaultBackend(
                        Arguments.single(args, "'default_backend' expects a backend name."), ctx.source())),
                option("forwardfor", SectionKind.ANY_PROXY, ProxyBuilder::forwardFor),
                option("redispatch", SectionKind.BACKEND_SIDE, ProxyBuilder::redispatch),
                ListenerKeywords.socketStatsOption(),
                ListenerKeywords.noReusePort(),
                connectionMode(HttpConnectionMode.KEEP_ALIVE),
                connectionMode(HttpConnectionMode.SERVER_CLOSE),
                connectionMode(HttpConnectionMode.CLOSE),
                KeywordRow.negatable("option", SectionKind.ANY_PROXY, (ctx, args) -> {
                    throw new KeywordException("unknown option '" + (args.isEmpty() ? "" : args.get(0)) + "'.");
                }),
                KeywordRow.of("retries", SectionKind.BACKEND_SIDE, (ctx, args) -> ctx.proxy().retries(
                        Arguments.integer(args.size() == 1 ? args.get(0) : "", "'retries' expects an integer argument."))),
                KeywordRow.of("log", SectionKind.ANY_PROXY, (ctx, args) -> {
                    if (!args.equals(List.of("global"))) {
                        throw new KeywordException("log : only 'log global' is supported in proxies.");
                    }
                    ctx.proxy().logGlobal(true);
                }));
    }

    private static KeywordRow option(String name, Set<SectionKind> where, BiConsumer<ProxyBuilder, Boolean> set) {
        return KeywordRow.negatable("option " + name, where, (ctx, args) -> {
            if (!args.isEmpty()) {
                throw new KeywordException("'option " + name + "' cannot handle unexpected argument '" + args.get(0) + "'.");
            }
            set.accept(ctx.proxy(), !ctx.negated());
        });
    }

    private static KeywordRow connectionMode(HttpConnectionMode mode) {
        return option(mode.option(), SectionKind.ANY_PROXY, (proxy, on) -> proxy.httpConnectionMode(mode, on));
    }

    /**
     * {@code bind ADDR:PORT[,ADDR:PORT...] [OPTION [VALUE]]...}; several {@code bind} lines add up.
     * The options are those the packages declare ({@link io.ganglion.balancer.config.BindOption}).
     */
    private static void bind(ParseContext ctx, List<String> args) throws KeywordException {
        ctx.proxy().bindWritten();
        if (args.isEmpty()) {
            throw new KeywordException("'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
        }
        String[] addresses = args.get(0).split(",");
        List<BindSpec> specs = new ArrayList<>();
        for (String text : addresses) {
            try {
                specs.add(new BindSpec(AddressParser.bindAddress(text), text, ctx.source()));
            } catch (KeywordException e) {
                throw new KeywordException("'bind' : " + e.getMessage());
            }
        }
        Settings settings = bindOptions(ctx, args, specs);
        for (BindSpec spec : specs) {
            ctx.proxy().addBind(new BindSpec(spec.address(), spec.text(), spec.source(), settings));
        }
    }

    /** The options after the address, in HAProxy's words when one is refused. */
    private static Settings bindOptions(ParseContext ctx, List<String> args, List<BindSpec> specs) throws KeywordException {
        String line = "'bind " + args.get(0) + "' in section '" + ctx.section().keyword() + "'";
        Settings settings = ctx.global().get(BindOption.GLOBAL_DEFAULTS);
        for (int i = 1; i < args.size(); i++) {
            String word = args.get(i);
            BindOption option = ctx.bindOption(word);
            if (option == null) {
                throw new KeywordException(line + ": unknown keyword '" + word + "'.");
            }
            String value = option.takesValue() && i + 1 < args.size() ? args.get(++i) : null;
            int earlierId = settings.get(ListenerKeywords.ID);
            try {
                settings = option.apply().apply(settings, value);
            } catch (KeywordException e) {
                throw new KeywordException(line + " : " + e.getMessage());
            }
            if (word.equals("id")) {
                checkListenerId(ctx, line, specs, settings.get(ListenerKeywords.ID), earlierId != 0);
            }
        }
        return settings;
    }

    /**
     * HAProxy's rules for {@code id}: one socket only, and an id no other listener of the proxy
     * has, this line's earlier {@code id} included (HAProxy names the line that holds it).
     */
    private static void checkListenerId(ParseContext ctx, String line, List<BindSpec> specs, int id,
            boolean earlierOnThisLine) throws KeywordException {
        if (specs.size() > 1) {
            throw new KeywordException(line + " : 'id' can only be used with a single socket");
        }
        BindSpec holder = earlierOnThisLine ? specs.get(0) : null;
        for (BindSpec other : ctx.proxy().binds()) {
            if (holder == null && other.get(ListenerKeywords.ID) == id) {
                holder = other;
            }
        }
        if (holder != null) {
            throw new KeywordException(line + " : 'id' : custom id " + id + " already used at "
                    + holder.source().file() + ":" + holder.source().line() + " ('bind " + holder.text() + "')");
        }
    }

    private static void mode(ParseContext ctx, List<String> args) throws KeywordException {
        String word = args.isEmpty() ? "" : args.get(0);
        switch (word) {
            case "tcp" -> ctx.proxy().mode(ProxyMode.TCP);
            case "http" -> ctx.proxy().mode(ProxyMode.HTTP);
            default -> throw new KeywordException("unknown proxy mode '" + word + "'.");
        }
    }

    private static void timeout(ParseContext ctx, List<String> args) throws KeywordException {
        String which = args.isEmpty() ? "" : args.get(0);
        BiFunction<Timeouts, Duration, Timeouts> setter = switch (which) {
            case "connect" -> (t, d) -> new Timeouts(d, t.client(), t.server(), t.queue(), t.httpRequest(), t.httpKeepAlive(), t.check());
            case "client" -> (t, d) -> new Timeouts(t.connect(), d, t.server(), t.queue(), t.httpRequest(), t.httpKeepAlive(), t.check());
            case "server" -> (t, d) -> new Timeouts(t.connect(), t.client(), d, t.queue(), t.httpRequest(), t.httpKeepAlive(), t.check());
            case "queue" -> (t, d) -> new Timeouts(t.connect(), t.client(), t.server(), d, t.httpRequest(), t.httpKeepAlive(), t.check());
            case "http-request" -> (t, d) -> new Timeouts(t.connect(), t.client(), t.server(), t.queue(), d, t.httpKeepAlive(), t.check());
            case "http-keep-alive" -> (t, d) -> new Timeouts(t.connect(), t.client(), t.server(), t.queue(), t.httpRequest(), d, t.check());
            case "check" -> (t, d) -> new Timeouts(t.connect(), t.client(), t.server(), t.queue(), t.httpRequest(), t.httpKeepAlive(), d);
            default -> throw new KeywordException("'timeout' supports 'client', 'server', 'connect', 'check', 'queue', "
                    + "'http-keep-alive' and 'http-request' (got '" + which + "')");
        };
        if (args.size() < 2) {
            throw new KeywordException("'timeout " + which + "' expects an integer value (in milliseconds)");
        }
        Duration value;
        try {
            value = TimeParser.parse(args.get(1));
        } catch (KeywordException e) {
            throw new KeywordException(e.getMessage() + " in 'timeout " + which + "'");
        }
        ctx.proxy().timeouts(t -> setter.apply(t, value));
        warnIfOtherSide(ctx, which);
    }

    /**
     * A timeout of the side a proxy does not have is accepted with HAProxy 2.6's warning, never
     * silently: {@code timeout server} in a frontend, {@code timeout client} in a backend.
     */
    private static void warnIfOtherSide(ParseContext ctx, String which) {
        boolean serverSide = List.of("connect", "server", "queue", "check").contains(which);
        String missing = ctx.section() == SectionKind.FRONTEND && serverSide ? "backend"
                : ctx.section() == SectionKind.BACKEND && which.equals("client") ? "frontend" : null;
        if (missing != null) {
            ctx.warn("'timeout " + which + "' will be ignored because " + ctx.section().keyword() + " '"
                    + ctx.proxy().name() + "' has no " + missing + " capability");
        }
    }
}
