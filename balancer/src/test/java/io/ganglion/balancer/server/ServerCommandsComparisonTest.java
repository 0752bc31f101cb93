package io.ganglion.balancer.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server commands answered as a live HAProxy 2.6 answers them on the same configuration: every
 * {@code <backend>/<server>} argument malformed or naming nothing (an empty half is refused like a
 * missing slash, before any lookup), and what a server added at run time shows. Skipped when
 * {@code /usr/sbin/haproxy} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerCommandsComparisonTest {
    private SameConfigPair pair;
    private Path haproxySocket;
    private Path ourSocket;

    private static String config(Path socket) {
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                backend be
                    server web1 127.0.0.1:9 weight 10
                """.formatted(socket);
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        pair = SameConfigPair.start(directory, ServerCommandsComparisonTest::config);
        haproxySocket = pair.haproxySocket();
        ourSocket = pair.ourSocket();
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    List<String> commands() {
        return List.of("disable server be/", "disable server /web1", "disable server /", "disable server be",
                "disable server nope/web1", "disable server be/nope", "disable server be/web1/x", "get weight be/",
                "get weight /", "set server be/ state ready", "set server /web1 weight 5", "enable health be/",
                "enable agent be/", "set weight be/ 10", "del server be/", "add server be/ 127.0.0.1:9",
                "add server /x 127.0.0.1:9", "shutdown sessions server be/", "set maxconn server be/ 10",
                "set server be/ agent-send x", "enable server be/");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void sameAnswerAsHaproxy(String command) throws Exception {
        assertThat(StatsSocket.send(ourSocket, command)).isEqualTo(endingWithEmptyLine(StatsSocket.send(haproxySocket, command)));
    }

    /** {@code src_ilim}, which only a server added at run time has, with its tags in typed and json output. */
    @org.junit.jupiter.api.Test
    void aServerAddedAtRunTimeShowsItsIdleConnectionLimitInEveryFormat() throws Exception {
        for (Path socket : List.of(ourSocket, haproxySocket)) {
            assertThat(StatsSocket.send(socket, "add server be/dyn 127.0.0.1:9 weight 20")).startsWith("New server registered.");
        }
        for (String format : List.of("typed", "json")) {
            String command = "show stat be 4 2 " + format;
            assertThat(srcIlim(StatsSocket.send(ourSocket, command))).as(format)
                    .isEqualTo(srcIlim(StatsSocket.send(haproxySocket, command))).isNotEmpty();
        }
    }

    /** A typed line, or a json object, of field 89. */
    private static final Pattern SRC_ILIM = Pattern.compile(
            "S\\.\\d+\\.\\d+\\.89\\.src_ilim\\S*|\\{\"objType\":\"Server\",\"proxyId\":\\d+,\"id\":\\d+,"
                    + "\"field\":\\{\"pos\":89,\"name\":\"src_ilim\"},[^}]*},\"value\":\\{[^}]*}}");

    /** The {@code src_ilim} field of the answer, as its format writes it. */
    private static List<String> srcIlim(String answer) {
        return SRC_ILIM.matcher(answer).results().map(MatchResult::group).toList();
    }

    /** HAProxy omits the empty line after a few answers ({@code add server}, {@code del server}); Ganglion never does. */
    private static String endingWithEmptyLine(String answer) {
        return answer.endsWith("\n\n") ? answer : answer + "\n";
    }
}
