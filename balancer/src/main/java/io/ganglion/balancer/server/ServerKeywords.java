package io.ganglion.balancer.server;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.SectionKind;

import java.util.EnumSet;
import java.util.List;

/** The config keywords of the {@code server} package: {@code server} and {@code default-server}. */
public final class ServerKeywords {
    private ServerKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("server", EnumSet.of(SectionKind.BACKEND, SectionKind.LISTEN), ServerKeywords::server),
                KeywordRow.of("default-server", SectionKind.BACKEND_SIDE, ServerKeywords::defaultServer));
    }

    private static void server(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.size() < 2) {
            throw new KeywordException("'server' expects <name> and <addr>[:<port>] as arguments.");
        }
        ProxyBuilder proxy = ctx.proxy();
        String name = args.get(0);
        ServerSpec earlier = proxy.server(name);
        if (earlier != null) {
            throw new KeywordException(ProxyBuilder.kindWord(proxy.kind()) + " '" + proxy.name() + "', another server named '" + name
                    + "' was already defined at line " + earlier.source().line() + ", please use distinct names.");
        }
        try {
            ServerSpecParser parser = new ServerSpecParser(ctx.serverOptions());
            proxy.addServer(parser.parse(name, args.get(1), args.subList(2, args.size()), ctx.source(), proxy.defaultServer()));
        } catch (KeywordException e) {
            throw new KeywordException("'server " + proxy.name() + "/" + name + "' : " + e.getMessage());
        }
    }

    private static void defaultServer(ParseContext ctx, List<String> args) throws KeywordException {
        try {
            ServerSpecParser parser = new ServerSpecParser(ctx.serverOptions());
            ctx.proxy().defaultServer(parser.applyOptions(ctx.proxy().defaultServer(), args));
        } catch (KeywordException e) {
            throw new KeywordException("'default-server' : " + e.getMessage());
        }
    }
}
