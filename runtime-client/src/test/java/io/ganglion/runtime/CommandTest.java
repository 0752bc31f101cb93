package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"web1;disable server be_app/web2", "web1\ndisable server be_app/web2", "web1\r",
            "web1 extra", "web1\textra", "web\\;1", "", "be/web1"})
    void aServerNameThatIsNotOneWordIsRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> Commands.setServerState("be_app", name, AdminState.MAINT));
    }

    @Test
    void theRefusalNamesTheOffendingCharacterAndWord() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Commands.getWeight("be_app", "web1;show info"))
                .withMessage("';' is not allowed in the word 'web1;show info'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Commands.getWeight("be_app", "web1\nshow info"))
                .withMessage("a new line is not allowed in the word 'web1\\nshow info'");
    }

    @Test
    void addServerOptionsAreCheckedWordByWord() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> Commands.addServer("be_app", "web9", "127.0.0.1:80", List.of("weight 10")));
        assertThatIllegalArgumentException().isThrownBy(
                () -> Commands.addServer("be_app", "web9", "127.0.0.1:80;del server be_app/web1", List.of()));
        assertThat(Commands.addServer("be_app", "web9", "127.0.0.1:80", List.of("weight", "10")).line())
                .isEqualTo("add server be_app/web9 127.0.0.1:80 weight 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"show info; show stat", "show info\nshow stat", "show info\r\n", "   ", "add map #0 <<",
            "set map #0 a\\ b c"})
    void rawTextThatIsNotExactlyOneCommandIsRefused(String line) {
        assertThatIllegalArgumentException().isThrownBy(() -> Command.parse(line));
    }

    @Test
    void rawTextIsSplitOnBlanks() {
        assertThat(Command.parse("  show   servers\tstate be_app ").words())
                .containsExactly("show", "servers", "state", "be_app");
    }

    @Test
    void typedCommandsSpellTheWireSyntax() {
        assertThat(Commands.setServerWeight("be_app", "web1", Weight.percent(50)).line())
                .isEqualTo("set server be_app/web1 weight 50%");
        assertThat(Commands.setWeight("be_app", "web1", Weight.absolute(7)).line()).isEqualTo("set weight be_app/web1 7");
        assertThat(Commands.showStat(StatFilter.kinds(StatFilter.Kind.FRONTENDS, StatFilter.Kind.SERVERS)).line())
                .isEqualTo("show stat -1 5 -1");
        assertThat(Commands.showStatTyped(StatFilter.proxy("be_app")).line()).isEqualTo("show stat be_app -1 -1 typed");
        assertThat(Commands.setServerAddr("be_app", "web1", "127.0.0.2", 8080).line())
                .isEqualTo("set server be_app/web1 addr 127.0.0.2 port 8080");
        Command shut = Commands.shutdownSessionsServer("be_app", "web1");
        assertThat(shut.line()).isEqualTo("shutdown sessions server be_app/web1");
        assertThat(shut.check().isSuccess("\n")).as("HAProxy's success is an empty answer").isTrue();
        assertThat(shut.check().isSuccess("No such server.\n")).isFalse();
    }

    @Test
    void weightsOutsideWhatHaproxyAcceptsAreRefusedLocally() {
        assertThatIllegalArgumentException().isThrownBy(() -> Weight.absolute(257));
        assertThatIllegalArgumentException().isThrownBy(() -> Weight.percent(-1));
        assertThat(Weight.percent(300).toString()).isEqualTo("300%");
    }
}
