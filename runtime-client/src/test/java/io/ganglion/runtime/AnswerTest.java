package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AnswerTest {

    private static Answer answer(Command command, String capture) {
        return new Answer(command, Captures.text(capture).stripTrailing() + "\n");
    }

    @Test
    void errorTextsBecomeTypedExceptionsThatKeepTheText() {
        assertThatThrownBy(() -> answer(Commands.delServer("be_app", "web4"), "117-del-server-be_app_web4.txt").orThrow())
                .isInstanceOf(NoSuchServerException.class)
                .hasMessage("'del server be_app/web4' failed: No such server.");
        assertThatThrownBy(() -> answer(Commands.clearCounters(), "342-clear-counters--user-socat.txt").orThrow())
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> answer(Commands.setServerAddr("be_app", "web1", "not-an-ip"),
                "083-set-server-be_app_web1-addr-not-an-ip.txt").orThrow())
                .isInstanceOf(InvalidArgumentException.class)
                .extracting(e -> ((CommandFailedException) e).answerText())
                .isEqualTo("Invalid addr 'not-an-ip' by 'stats socket command'\n");
        for (String capture : List.of("398-set-server-be_app_web1-weight-abc.txt", "400-set-server-be_app_web1-weight-10abc.txt",
                "413-set-server-be_app_web1-state-foo.txt", "416-set-server-be_app_web1-foo.txt")) {
            assertThat(answer(Command.of("set", "server"), capture).failure()).get()
                    .isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void anUnknownErrorIsAGenericFailure() {
        Answer answer = answer(Commands.delServer("be_app", "web4"), "114-del-server-be_app_web4.txt");
        assertThat(answer.failure()).get().isExactlyInstanceOf(CommandFailedException.class);
    }

    @Test
    void successSentencesAreSuccesses() {
        assertThat(answer(Commands.addServer("be_app", "web4", "127.0.0.1:18082", List.of()),
                "106-add-server-be_app_web4-127.0.0.1_18082.txt").isSuccess()).isTrue();
        assertThat(answer(Commands.delServer("be_app", "web4"), "116-del-server-be_app_web4.txt").isSuccess()).isTrue();
        assertThat(answer(Commands.setServerAddr("be_app", "web1", "127.0.0.1", 18083),
                "076-set-server-be_app_web1-addr-127.0.0.1-port-18083.txt").isSuccess()).isTrue();
        assertThat(answer(Commands.setServerAddr("be_app", "web1", "127.0.0.1"),
                "082-set-server-be_app_web1-addr-127.0.0.1.txt").isSuccess()).isTrue();
        assertThat(answer(Commands.disableFrontend("fe_main"), "099-disable-frontend-fe_main.txt").isSuccess()).isTrue();
    }

    @Test
    void aSilentCommandThatAnswersSomethingIsAFailure() {
        assertThat(new Answer(Commands.enableHealth("be_app", "web1"),
                "Health check was not configured on this server, cannot enable.\n").isSuccess()).isFalse();
        assertThat(new Answer(Commands.enableHealth("be_app", "web1"), "").isSuccess()).isTrue();
    }

    @Test
    void dataDumpsAreSuccesses() {
        assertThat(answer(Commands.showBackends(), "037-show-backend.txt").isSuccess()).isTrue();
        assertThat(answer(Commands.showStat(), "020-show-stat.txt").isSuccess()).isTrue();
    }
}
