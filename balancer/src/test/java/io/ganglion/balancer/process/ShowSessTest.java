package io.ganglion.balancer.process;

import static io.ganglion.balancer.process.SideBySide.WAIT;
import static io.ganglion.balancer.process.SideBySide.open;
import static io.ganglion.balancer.process.SideBySide.readToEnd;
import static io.ganglion.balancer.process.SideBySide.readUntil;
import static io.ganglion.balancer.testing.ShowSessMask.masked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.process.SideBySide.Target;
import io.ganglion.balancer.testing.StatsSocket;
import java.net.Socket;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code show sess}, {@code show sess ID}, {@code show sess all} and {@code shutdown session ID}
 * on the balancer and on HAProxy 2.6 run on the same configuration, with the same traffic: an HTTP
 * request its server does not answer, a {@code mode tcp} connection, a kept-alive connection
 * between requests and a request head not complete yet (those two are no streams for HAProxy).
 *
 * <p>Answers are compared after {@link ShowSessMask} (what varies from run to run or is a process
 * internal).
 */
class ShowSessTest extends SideBySideTest {
    private static final Pattern HTTP_STREAM = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=fe be=be srv=app ");
    private static final Pattern TCP_STREAM = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=fet be=bet srv=app ");

    @Test
    void listsAndDetailsTheStreamsAsHaproxyDoes() throws Exception {
        String[][] answers = new String[2][];
        int i = 0;
        for (Target t : sides.both()) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n");
                    Socket idle = open(t.httpPort(), "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket partial = open(t.httpPort(), "GET / HTTP/1.1\r\n")) {
                readUntil(idle.getInputStream(), "ok");
                await(t.name()).atMost(WAIT).until(() -> HTTP_STREAM.matcher(t.cli("show sess")).find()
                        && TCP_STREAM.matcher(t.cli("show sess")).find());
                String list = t.cli("show sess");
                answers[i++] = new String[] {list, t.cli("show sess " + id(HTTP_STREAM, list)),
                        t.cli("show sess " + id(TCP_STREAM, list)), t.cli("show sess all"),
                        StatsSocket.send(t.operator(), "show sess")};
                // HAProxy keeps a stream whose client left until its server answers: cut them here.
                t.cli("shutdown session " + id(HTTP_STREAM, list));
                t.cli("shutdown session " + id(TCP_STREAM, list));
            }
        }
        String[] mine = answers[0];
        String[] real = answers[1];
        assertThat(masked(mine[0])).as("show sess").isEqualTo(masked(real[0]));
        // the two streams and this session: no stream for the idle and the partial connection
        assertThat(mine[0].lines().filter(line -> !line.isEmpty())).hasSize(3);
        assertThat(masked(mine[1])).as("show sess ID, http").isEqualTo(masked(real[1]));
        assertThat(masked(mine[2])).as("show sess ID, tcp").isEqualTo(masked(real[2]));
        assertThat(masked(mine[3])).as("show sess all").isEqualTo(masked(real[3]));
        assertThat(masked(mine[4])).as("show sess on an operator socket: unix:2")
                .isEqualTo(masked(real[4])).contains(" src=unix:2 fe=GLOBAL ");
    }

    /**
     * A {@code mode tcp} connection waiting in the backend's queue: listed with no server, in the
     * {@code QUE} state; cut there, it logs {@code KQ}.
     */
    @Test
    void listsAQueuedStreamAsHaproxyDoes() throws Exception {
        Pattern queued = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=fet be=bet srv=<none> ");
        String[][] answers = new String[2][];
        int i = 0;
        for (Target t : sides.both()) {
            try (Socket served = open(t.tcpPort(), "hold\n")) {
                await(t.name()).atMost(WAIT).until(() -> TCP_STREAM.matcher(t.cli("show sess")).find());
                // Silent: HAProxy reads what a queued client sends into its buffer (req total), the
                // balancer leaves it in the kernel until a server takes the stream.
                try (Socket waiting = open(t.tcpPort(), "")) {
                    await(t.name()).atMost(WAIT).until(() -> queued.matcher(t.cli("show sess")).find());
                    String list = t.cli("show sess");
                    answers[i++] = new String[] {list, t.cli("show sess " + id(queued, list))};

                    assertThat(t.cli("shutdown session " + id(queued, list))).as(t.name()).isEqualTo("\n");
                    assertThat(readToEnd(waiting.getInputStream())).as(t.name()).isEmpty();
                    // Killed in the queue: K then Q, its time in the queue, no connection time.
                    await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                            .containsPattern(" fet bet/<NOSRV> \\d+/-1/\\d+ 0 KQ "));
                    t.cli("shutdown session " + id(TCP_STREAM, list));
                }
            }
        }
        assertThat(masked(answers[0][0])).as("show sess").isEqualTo(masked(answers[1][0]));
        assertThat(masked(answers[0][1])).as("show sess ID").isEqualTo(masked(answers[1][1]))
                .contains("  server=<none> (id=0)\n").contains(" state=QUE endp=NONE,");
    }

    /**
     * An HTTP request is a stream from its complete head, before any server takes it: one waiting
     * in its backend's queue is listed with no server, as HAProxy lists it.
     */
    @Test
    void listsAnHttpRequestWaitingInTheQueue() throws Exception {
        Pattern served = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=feq be=beq srv=app ");
        Pattern queued = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=feq be=beq srv=<none> ");
        String[] details = new String[2];
        int i = 0;
        for (Target t : sides.both()) {
            try (Socket first = open(t.queuedHttpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")) {
                await(t.name()).atMost(WAIT).until(() -> served.matcher(t.cli("show sess")).find());
                try (Socket second = open(t.queuedHttpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")) {
                    await(t.name()).atMost(WAIT).until(() -> queued.matcher(t.cli("show sess")).find());
                    details[i++] = t.cli("show sess " + id(queued, t.cli("show sess")));
                    // The first is cut (502), the second then gets the server and is cut in turn.
                    assertThat(t.cli("shutdown sessions server beq/app")).as(t.name()).isEqualTo("\n");
                    await(t.name()).atMost(WAIT).until(() -> {
                        String list = t.cli("show sess");
                        return served.matcher(list).find() && !queued.matcher(list).find();
                    });
                    assertThat(t.cli("shutdown sessions server beq/app")).as(t.name()).isEqualTo("\n");
                }
            }
        }
        assertThat(masked(details[0])).as("show sess ID").isEqualTo(masked(details[1]))
                .contains("  server=<none> (id=0)\n");
    }

    @Test
    void shutdownSessionCutsTheStreamAsHaproxyDoes() throws Exception {
        for (Target t : sides.both()) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n")) {
                await(t.name()).atMost(WAIT).until(() -> HTTP_STREAM.matcher(t.cli("show sess")).find()
                        && TCP_STREAM.matcher(t.cli("show sess")).find());
                String list = t.cli("show sess");

                assertThat(t.cli("shutdown session " + id(HTTP_STREAM, list))).as(t.name()).isEqualTo("\n");
                assertThat(t.cli("shutdown session " + id(TCP_STREAM, list))).as(t.name()).isEqualTo("\n");

                assertThat(readUntil(slow.getInputStream(), "</html>\n")).as(t.name())
                        .startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("<h1>502 Bad Gateway</h1>");
                assertThat(readToEnd(tcp.getInputStream())).as(t.name()).isEmpty();
                await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                        .containsPattern(" fe be/app \\d+/\\d+/\\d+/-1/\\d+ 502 \\d+ - - KH-- \\S+ \\S+ \"GET /slow HTTP/1.1\"")
                        .containsPattern(" fet bet/app \\d+/\\d+/\\d+ 0 K- \\S+ \\S+"));
                assertThat(t.cli("show sess")).as(t.name()).doesNotContain(" fe=fe ", " fe=fet ");
            }
        }
    }

    @Test
    void refusalsAndLevelsAreHaproxys() throws Exception {
        List<String> commands = List.of("show sess 0xdeadbeef", "show sess 12", "shutdown session 0xdeadbeef",
                "shutdown session", "shutdown session foo", "shutdown session 0x0", "shutdown session 12",
                "shutdown session 0x12zz");
        for (String command : commands) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
            assertThat(StatsSocket.send(ours.operator(), command)).as("operator: " + command)
                    .isEqualTo(StatsSocket.send(theirs.operator(), command));
            assertThat(StatsSocket.send(ours.user(), command)).as("user: " + command)
                    .isEqualTo(StatsSocket.send(theirs.user(), command));
        }
        for (String command : List.of("show sess", "show sess all", "show sess foo")) {
            assertThat(StatsSocket.send(ours.user(), command)).as("user: " + command)
                    .isEqualTo(StatsSocket.send(theirs.user(), command)).isEqualTo("Permission denied\n\n");
        }
    }

    private static String id(Pattern stream, String list) {
        Matcher m = stream.matcher(list);
        assertThat(m.find()).as(list).isTrue();
        return m.group(1);
    }
}
