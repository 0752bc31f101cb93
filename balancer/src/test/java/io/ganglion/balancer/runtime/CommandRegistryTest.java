package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.config.AccessLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {
    private static final CommandHandler NOTHING = CommandHandler.sync(request -> "");

    @Test
    void theCatalogHoldsExactlyTheLinesOfHaproxysHelp() {
        String help = new String(CaptureManifest.exchange("005").haproxyReply(), StandardCharsets.UTF_8);
        List<String> lines = help.lines().filter(line -> line.startsWith("  ")).map(line -> line.substring(2))
                .filter(line -> !UsageMessage.FOOTER.contains(line)).toList();

        assertThat(Haproxy26Usage.orderedUsage()).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(Haproxy26Usage.orderedUsage().stream().sorted().toList()).isEqualTo(lines);
    }

    @Test
    void helpListsOnlyRegisteredCommandsInHaproxysOrderWhateverTheRegistrationOrder() {
        CommandRegistry registry = CommandRegistry.builder()
                .register(CommandTable.of("stats", CliCommand.haproxy(AccessLevel.USER, NOTHING, "show", "stat")))
                .register(CommandTable.of("server", CliCommand.haproxy(AccessLevel.ADMIN, NOTHING, "add", "server")))
                .build();

        assertThat(registry.help(List.of()).lines().skip(1).map(line -> line.substring(2, 20).strip()).toList())
                .containsExactly("add server <bk>/<s", "operator", "set timeout [cli]", "show cli level",
                        "show stat [desc|js", "show version", "user", "help [<command>]", "prompt", "quit");
    }

    @Test
    void aCommandHaproxyDoesNotHaveIsListedInTheSameByteOrder() {
        CommandRegistry registry = CommandRegistry.builder()
                .register(CommandTable.of("agent", new CliCommand(List.of("show", "audit"),
                        "show audit                              : report the agent's recent actions", AccessLevel.USER, NOTHING)))
                .build();

        assertThat(registry.help(List.of())).contains(
                "  show audit                              : report the agent's recent actions\n"
                + "  show cli level ");
    }

    @Test
    void twoTablesMayNotRegisterTheSameWords() {
        CommandRegistry.Builder builder = CommandRegistry.builder()
                .register(CommandTable.of("stats", CliCommand.haproxy(AccessLevel.USER, NOTHING, "show", "stat")));

        assertThatThrownBy(() -> builder.register(CommandTable.of("other", CliCommand.haproxy(AccessLevel.USER, NOTHING, "show", "stat"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command 'show stat' of other is already registered by stats");
    }

    @Test
    void haproxyRowsMustExistInHaproxysHelp() {
        assertThatThrownBy(() -> CliCommand.haproxy(AccessLevel.USER, NOTHING, "show", "nothing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HAProxy 2.6's help lists no command 'show nothing'");
    }

    @Test
    void theLongestMatchingCommandWinsAndExtraWordsAreArguments() {
        CommandRegistry registry = CommandRegistry.builder()
                .register(CommandTable.of("t", CliCommand.unlisted(AccessLevel.USER, NOTHING, "show"),
                        CliCommand.haproxy(AccessLevel.USER, NOTHING, "show", "servers", "state")))
                .build();

        assertThat(registry.find(List.of("show", "servers", "state", "be_app")).orElseThrow().words())
                .containsExactly("show", "servers", "state");
        assertThat(registry.find(List.of("show", "servers")).orElseThrow().words()).containsExactly("show");
        assertThat(registry.find(List.of("sho"))).isEmpty();
    }

    @Test
    void unknownCommandsSuggestCloseCommandsAndAnEmptyRequestListsThemAll() {
        CommandRegistry registry = CommandRegistry.builder().build();

        assertThat(registry.unknownCommand(List.of("show", "cli", "levle"))).isEqualTo(UsageMessage.UNKNOWN_HEADER
                + "  show cli level                          : display the level of the current CLI session\n"
                + UsageMessage.FOOTER);
        assertThat(registry.unknownCommand(List.of())).startsWith(UsageMessage.EMPTY_HEADER)
                .contains("  operator ", "  user ", "  show version ");
    }
}
