package io.ganglion.balancer.module;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * A module that exists only in tests and is named only in a test resource's
 * {@code META-INF/services}: {@code test-greeting TEXT} in a proxy section, and the socket command
 * {@code test-greeting PROXY} that answers the proxy's text.
 */
public final class GreetingTestModule implements BalancerModule {
    /** The proxy setting this module adds; {@code config} stores it without knowing it. */
    static final Setting<String> GREETING = Setting.of("test-greeting", "(none)");

    @Override
    public String name() {
        return "greeting-test";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return List.of(KeywordRow.of("test-greeting", SectionKind.ANY_PROXY, (ctx, args) -> {
            if (args.size() != 1) {
                throw new KeywordException("'test-greeting' expects one word.");
            }
            ctx.proxy().set(GREETING, args.get(0));
        }));
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return CommandTable.of(name(), CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r ->
                context.balancer().config().proxy(r.arg(1)).map(p -> greeting(p) + "\n").orElse("No such proxy.\n")),
                "test-greeting"));
    }

    private static String greeting(ProxySection p) {
        return p.get(GREETING);
    }
}
