package io.ganglion.balancer.module;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerOptionValues;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * A module that exists only in tests and is named only in a test resource's
 * {@code META-INF/services}: {@code test-greeting TEXT} in a proxy section and the server option
 * {@code test-tag TEXT}, and the socket commands {@code test-greeting PROXY} and {@code test-tag B/S}
 * that answer them back.
 */
public final class GreetingTestModule implements BalancerModule {
    /** The proxy setting this module adds; {@code config} stores it without knowing it. */
    static final Setting<String> GREETING = Setting.of("test-greeting", "(none)");
    /** The server setting this module adds, set by its server option. */
    static final Setting<String> TAG = Setting.of("test-tag", "(none)");

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
    public List<ServerOption> serverOptions() {
        return List.of(ServerOption.valued("test-tag", (spec, value) -> spec.with(TAG,
                ServerOptionValues.required(value, "'test-tag' expects a word."))));
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        BalancerView balancer = context.balancer();
        return CommandTable.of(name(),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> balancer.config().proxy(r.arg(1))
                        .map(p -> greeting(p) + "\n").orElse("No such proxy.\n")), "test-greeting"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> tag(balancer, r.arg(1))), "test-tag"));
    }

    private static String tag(BalancerView balancer, String path) {
        String[] parts = path.split("/", 2);
        return balancer.backend(parts[0]).flatMap(b -> b.server(parts.length > 1 ? parts[1] : ""))
                .map(s -> s.spec().get(TAG) + "\n").orElse("No such server.\n");
    }

    private static String greeting(ProxySection p) {
        return p.get(GREETING);
    }
}
