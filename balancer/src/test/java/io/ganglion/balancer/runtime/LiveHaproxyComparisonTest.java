package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Asks the real HAProxy 2.6 (on a unix socket in a temporary directory) and our socket the same
 * questions whose answers come from the framework alone: help, unknown commands and their
 * suggestions, empty commands, levels, prompt. Skipped when {@code /usr/sbin/haproxy} is absent.
 * The level commands are asked on an admin and on a user socket: {@code operator -} and the like
 * omit the end of the answer, and the mode commands need admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveHaproxyComparisonTest {
    private HaproxyProcess haproxy;
    private Path haproxySocket;
    private Path haproxyUserSocket;
    private StatsSocketFixture ours;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        HaproxyProcess.requireInstalled();
        haproxySocket = directory.resolve("haproxy.sock");
        haproxyUserSocket = directory.resolve("haproxy-user.sock");
        haproxy = HaproxyProcess.start(directory, "global\n    stats socket " + haproxySocket + " mode 600 level admin\n"
                + "    stats socket " + haproxyUserSocket + " mode 600 level user\n    stats timeout 2m\n");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(haproxySocket) && Files.exists(haproxyUserSocket));
        Path mine = directory.resolve("ours");
        Files.createDirectories(mine);
        ours = new StatsSocketFixture(mine, HaproxyCommandDoubles.captureRegistry());
    }

    @AfterAll
    void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
    }

    List<String> requests() {
        List<String> requests = new ArrayList<>(List.of(
                "foo\n", "show foo\n", "sho\n", "shw stat\n", "set\n", "set foo bar\n", "clear\n", "disable serv\n",
                "help show\n", "help foo\n", "help set ssl\n", "help show servers\n", "show ssl\n", "show servers\n",
                "abc def ghi jkl mno pqr\n", "show cli level;\n", ";;show cli level\n", "\\;\n", "user;operator\n",
                "   show\tcli\tlevel   \n", "show cli level\r\n", "prompt\nfoo\n\nshow cli level\n", "operator; show cli level; user; show cli level\n",
                "set timeout cli 5s; set timeout cli 99999999999; set timeout cli 1x\n", "show\\ cli level\n", "SHOW CLI LEVEL\n"));
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(3); w >= 0; w--) {
                if (random.nextInt(3) == 0) {
                    line.append(List.of("show", "set", "add", "del", "get", "clear", "enable", "disable").get(random.nextInt(8)));
                } else {
                    for (int c = 1 + random.nextInt(9); c > 0; c--) {
                        line.append("abcdefghijklmnopqrstuvwxyz-0123456789".charAt(random.nextInt(37)));
                    }
                }
                line.append(' ');
            }
            requests.add(line.toString().strip() + "\n");
        }
        return requests;
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sameAnswerAsTheRealHaproxy(String request) throws Exception {
        String theirs = SocketClient.socatExchange(UnixDomainSocketAddress.of(haproxySocket), request);
        String mine = SocketClient.socatExchange(ours.address("admin"), request);

        assertThat(mine).isEqualTo(theirs);
    }

    /** A line whose LF is escaped goes on after it, the LF kept inside the word (HAProxy 2.6's cli.c). */
    List<String> escapedLineFeeds() {
        return List.of("prompt\nshow cli level\\\nshow cli level\n", "prompt\nshow cli level;\\\nshow cli level\n",
                "prompt\nshow cli level\\\\\nshow cli level\n", "prompt\nset timeout cli 5\\\ns\nshow cli level\n",
                "prompt\nshow cli\\\n level\n", "show\\\n\\\ncli level\n", "prompt\nshow \\\nversion\nshow cli level\n");
    }

    @ParameterizedTest
    @MethodSource("escapedLineFeeds")
    void sameAnswerToAnEscapedLineFeed(String request) throws Exception {
        String theirs = SocketClient.socatExchange(UnixDomainSocketAddress.of(haproxySocket), request);
        String mine = SocketClient.socatExchange(ours.address("admin"), request);

        assertThat(mine).isEqualTo(theirs);
    }

    /** Session levels and modes, with and without the {@code -} that omits the end of the answer. */
    List<String> levelRequests() {
        return List.of(
                "experimental-mode\n", "experimental-mode on; experimental-mode\n", "experimental-mode off; experimental-mode\n",
                "experimental-mode foo; experimental-mode\n", "experimental-mode ON; experimental-mode\n",
                "expert-mode\n", "expert-mode on; expert-mode; experimental-mode\n", "expert-mode on on; expert-mode\n",
                "expert-mode on; operator; expert-mode\n", "experimental-mode on; user; experimental-mode; show cli level\n",
                "operator -\n", "operator -; show cli level\n", "user -\nshow cli level\n", "operator x; show cli level\n",
                "operator - x; show cli level\n", "experimental-mode on -\nexperimental-mode\n",
                "experimental-mode -\nexperimental-mode\n", "expert-mode - -\nexpert-mode\n", "user -; user -; show cli level\n",
                "operator -\nfoo\n", "prompt\noperator -\nshow cli level\nuser -\nexperimental-mode\n",
                "prompt\nexperimental-mode on -\nexperimental-mode\nexpert-mode on\nexpert-mode\n",
                "help experimental-mode\n", "help expert-mode\n", "help operator\n", "help help\n", "expert-mod\n",
                "experimental-mode on; expert-mode on; operator -; expert-mode; experimental-mode\n");
    }

    @ParameterizedTest
    @MethodSource("levelRequests")
    void sameLevelAnswersOnAnAdminSocket(String request) throws Exception {
        String theirs = SocketClient.socatExchange(UnixDomainSocketAddress.of(haproxySocket), request);
        String mine = SocketClient.socatExchange(ours.address("admin"), request);

        assertThat(mine).isEqualTo(theirs);
    }

    @ParameterizedTest
    @MethodSource("levelRequests")
    void sameLevelAnswersOnAUserSocket(String request) throws Exception {
        String theirs = SocketClient.socatExchange(UnixDomainSocketAddress.of(haproxyUserSocket), request);
        String mine = SocketClient.socatExchange(ours.address("user"), request);

        assertThat(mine).isEqualTo(theirs);
    }
}
