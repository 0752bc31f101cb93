package io.ganglion.balancer.process;

import static io.ganglion.balancer.process.SideBySide.WAIT;
import static io.ganglion.balancer.process.SideBySide.open;
import static io.ganglion.balancer.process.SideBySide.readToEnd;
import static io.ganglion.balancer.process.SideBySide.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.process.SideBySide.Target;
import io.ganglion.balancer.testing.StatsSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code shutdown sessions server} on the balancer and on HAProxy 2.6 run on the same
 * configuration: the same answers, and the same effect on the streams it cuts (an HTTP request
 * not answered yet gets the 502 page, logs {@code KH--} and its connection carries the next
 * request; a response under way is cut and logs {@code KD--}; a {@code mode tcp} connection ends
 * and logs {@code K-}).
 */
class ShutdownSessionsServerTest extends SideBySideTest {
    /** What HAProxy 2.6 sends for a request cut before its response (measured). */
    private static final String KEPT_ALIVE_502 = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\n"
            + "cache-control: no-cache\r\ncontent-type: text/html\r\n\r\n<html><body><h1>502 Bad Gateway</h1>\n"
            + "The server returned an invalid or incomplete response.\n</body></html>\n";

    @Test
    void refusalsAreHaproxys() throws Exception {
        List<String> commands = List.of("shutdown sessions server be/nope", "shutdown sessions server nope/app",
                "shutdown sessions server be", "shutdown sessions server", "shutdown sessions server be/",
                "shutdown sessions server /app");
        for (String command : commands) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
        }
        assertThat(StatsSocket.send(ours.operator(), "shutdown sessions server be/app"))
                .isEqualTo(StatsSocket.send(theirs.operator(), "shutdown sessions server be/app"))
                .isEqualTo("Permission denied\n\n");
    }

    @Test
    void cutsEveryStreamOnTheServerAsHaproxyDoes() throws Exception {
        for (Target t : sides.both()) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket stream = open(t.httpPort(), "GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n")) {
                readUntil(stream.getInputStream(), "first\n\r\n");
                await(t.name()).atMost(WAIT).until(() -> t.sessionsOn("be") == 2 && t.sessionsOn("bet") == 1);

                assertThat(t.cli("shutdown sessions server be/app")).as(t.name()).isEqualTo("\n");
                assertThat(t.cli("shutdown sessions server bet/app")).as(t.name()).isEqualTo("\n");

                // The page as HAProxy's HTTP/1 multiplexer writes it, and the connection carries the
                // client's next request.
                assertThat(readUntil(slow.getInputStream(), "</html>\n")).as(t.name()).isEqualTo(KEPT_ALIVE_502);
                slow.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readUntil(slow.getInputStream(), "\r\n\r\nok")).as(t.name()).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(readToEnd(stream.getInputStream())).as(t.name()).isEmpty();
                assertThat(readToEnd(tcp.getInputStream())).as(t.name()).isEmpty();
                // The 502 page's bytes are the stream's, in HAProxy's internal (HTX) size: 209
                await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                        .containsPattern(" fe be/app \\S+ 502 209 - - KH-- \\S+ \\S+ \"GET /slow HTTP/1.1\"")
                        .containsPattern(" fe be/app \\S+ 200 \\d+ - - KD-- \\S+ \\S+ \"GET /stream HTTP/1.1\"")
                        .containsPattern(" fet bet/app \\S+ \\d+ K- \\S+ \\S+")
                        .containsPattern(" fe be/app \\S+ 200 \\d+ - - ---- \\S+ \\S+ \"GET /ok HTTP/1.1\""));
                assertThat(t.sessionsOn("be")).isZero();
                assertThat(t.sessionsOn("bet")).isZero();
            }
        }
    }

    /**
     * The per-backend reads the agent makes while it drains and removes a server: the same rows,
     * the same refusals for a backend that is not there.
     */
    @Test
    void theAgentsPerBackendReadsAreHaproxys() throws Exception {
        // An unknown name reads as id 0 (no such proxy); an id no proxy has shows no row.
        for (String command : List.of("show servers state nope", "show stat nope 4 -1", "show stat 0 4 -1",
                "show stat 99 4 -1", "show stat -5 4 -1")) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
        }
        for (String command : List.of("show stat be 4 -1", "show stat bet 4 -1", "show stat 3 4 -1", "show stat 3abc 4 -1",
                "show stat be -1 -1")) {
            assertThat(rowNames(ours.cli(command))).as(command).isEqualTo(rowNames(theirs.cli(command)));
        }
        // srv_time_since_last_change (the 10th field) is the time since each started.
        assertThat(ours.cli("show servers state be").replaceAll("(?m)^((?:\\S+ ){9})\\d+", "$1T"))
                .isEqualTo(theirs.cli("show servers state be").replaceAll("(?m)^((?:\\S+ ){9})\\d+", "$1T"));
    }

    /** The header, then pxname,svname of each row. */
    private static List<String> rowNames(String csv) {
        return csv.lines().map(line -> line.startsWith("#") ? line : line.replaceAll("^([^,]*,[^,]*),.*", "$1")).toList();
    }

    /** Ganglion also closes its idle kept-alive connections to the server, so nothing of it is left open. */
    @Test
    void closesTheIdleConnectionsToTheServer() throws Exception {
        try (Socket client = open(ours.httpPort(), "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n")) {
            readUntil(client.getInputStream(), "ok");
        }
        int closedBefore = sides.app().closedByPeer();
        assertThat(ours.cli("shutdown sessions server be/app")).isEqualTo("\n");
        // At least: a connection kept idle by another test of this class may go too.
        await().atMost(WAIT).until(() -> sides.app().closedByPeer() >= closedBefore + 1);
    }
}
