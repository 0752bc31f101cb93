package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code acl} and {@code map} commands answered as a live HAProxy 2.6 answers them on the same
 * configuration (the captures' whitelist ACL and ip-country map, with the rules the balancer has):
 * the captures' sequence 193-283 with this configuration's numbers ({@code #4} is the map), then
 * the refusals (bad patterns, missing references, versions and arguments), {@code add map}
 * payloads with a bad line, versions, and the traffic each change lets in or shuts out. Answers are
 * compared after masking the pointers and the configuration's file name. Skipped when
 * {@code /usr/sbin/haproxy} is absent.
 */
class PatternCommandsComparisonTest {
    @TempDir
    Path dir;

    private SameConfigPair pair;
    private TestHttpBackend web;
    private Path whitelist;
    private Path countries;
    /** A map of integers ({@code map_str_int}): {@code #6}. */
    private Path portsMap;
    /** The frontend port of each side, by its socket. */
    private final Map<Path, Integer> ports = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        whitelist = Files.writeString(dir.resolve("whitelist.lst"), "192.0.2.10\n198.51.100.0/24\n");
        countries = Files.writeString(dir.resolve("ip-country.lst"),
                "127.0.0.0/8 LOOPBACK\n192.0.2.0/24 XA\n198.51.100.0/24 XB\n203.0.113.0/24 XC\n");
        portsMap = Files.writeString(dir.resolve("ports.map"), "a.example 8080\n");
        web = new TestHttpBackend("web1");
        pair = SameConfigPair.start(dir, this::config);
    }

    @AfterEach
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        if (web != null) {
            web.close();
        }
    }

    private String config(Path socket) {
        int port = io.ganglion.balancer.testing.Ports.free();
        ports.put(socket, port);
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 10s
                    timeout server 10s
                frontend fe_main
                    bind 127.0.0.1:%d
                    acl whitelist src -f %s
                    acl abuse src_port gt 10
                    http-request deny if { src_port eq 1 }
                    http-request deny deny_status 429 if { src,map_ip(%s,UNKNOWN) -m str BLOCKED }
                    http-request allow if whitelist
                    http-request deny
                    http-request set-header X-Port %%[req.hdr(host),map_str_int(%s,0)]
                    acl named req.hdr(x-client) -f %s
                    default_backend be_app
                backend be_app
                    server web1 127.0.0.1:%d
                """.formatted(socket, port, whitelist, countries, portsMap, whitelist, web.port());
    }

    @Test
    void theCapturedAclAndMapExchangesAnswerAsHaproxy() throws Exception {
        String wl = whitelist.toString();
        String map = countries.toString();
        sameAnswers(List.of("show acl", "show acl #0", "show acl " + wl, "show acl #2", "show acl #3", "show acl #1",
                "add acl #0 127.0.0.1", "show acl #0", "get acl #0 127.0.0.1", "get acl #0 198.51.100.20",
                "get acl #0 203.0.113.50", "del acl #0 127.0.0.1", "del acl #0 127.0.0.1",
                "add acl " + wl + " 203.0.113.7", "show acl " + wl, "get acl " + wl + " 203.0.113.7",
                "add acl #2 5", "show acl #2", "get acl #2 7", "get acl #2 11", "del acl #2 5", "add acl #0 notanip",
                "show acl", "add acl #0 192.0.2.99", "show acl #0", "del acl #0 192.0.2.99", "show acl #0",
                "add acl #99 1.2.3.4", "show acl #99", "add acl /nonexistent.lst 1.2.3.4", "get acl #0", "add acl #0",
                "del acl #0", "prepare acl #0", "add acl @1 #0 192.0.2.10", "show acl @1 #0", "commit acl @1 #0",
                "show acl #0", "clear acl #0", "show acl #0", "show acl",
                "show map", "show map #4", "show map " + map, "add map #0 203.0.113.0/25 XC-LOW", "show acl #0",
                "show map #0", "get acl #0 203.0.113.5", "del map #0 203.0.113.0/25", "del acl #0 203.0.113.0/25",
                "show acl #0", "add acl #4 192.0.2.77", "add map #4 203.0.113.0/25 XC-LOW", "get map #4 203.0.113.9",
                "get map #4 203.0.113.200", "get map #4 127.0.0.1", "get map #4 233.252.0.1",
                "get map " + map + " 192.0.2.7", "set map #4 127.0.0.0/8 LOCAL-UPDATED", "set map #4 1.2.3.0/24 X",
                "del map #4 203.0.113.0/25", "del map #4 203.0.113.0/25", "show map #4", "add map #4 onlykey",
                "add map #4 notip val", "add map #4 198.51.100.0/24 DUP", "show map #4", "get map #4 198.51.100.1",
                "del map #4 198.51.100.0/24", "show map #4", "add map #4 198.51.100.0/24 XB", "set map #4 127.0.0.1 X",
                "show map #99", "clear map #4", "add map #4 127.0.0.0/8 LOOPBACK", "show map"));
    }

    @Test
    void refusalsAndQuirksAnswerAsHaproxy() throws Exception {
        sameAnswers(List.of("show acl #4", "show map #0", "show acl @1 #0", "show acl @x #0", "show acl @0",
                "show acl @0 #0", "show map @3 #4", "get acl", "get acl #99 1.2.3.4", "get map #0 1.2.3.4",
                "get acl #4 127.0.0.1", "get map", "add acl", "add acl @x #0 1.2.3.4", "add acl @5 #0 1.2.3.4",
                "add acl #0 1.2.3.5 extra", "add map #4 1.2.3.0/24 a b c", "add map", "add map #99 1.2.3.4 x",
                "add map @5 #4 1.2.3.4 x", "add map #0 9.9.9.9 V", "show acl #0", "show acl", "del acl",
                "del acl #99 1.2.3.4", "del map #99 1.2.3.4", "del acl #4 127.0.0.0/8", "del acl #0 #0x1234",
                "del acl #0 #zz", "del acl @1 #0 1.2.3.4", "set map", "set map #4 127.0.0.0/8", "set map #99 1 2",
                "set map #0 9.9.9.9 W", "set map #4 #0x1234 x", "set map #4 127.0.0.0/8 a b", "show map #4",
                "clear acl", "clear acl #99", "clear acl #4", "clear map #0", "clear acl @5 #0", "prepare acl",
                "prepare acl #99", "prepare acl #4", "prepare map #0", "commit acl", "commit acl #0", "commit acl @1",
                "commit acl @1 #99", "commit acl @1 #4", "commit acl @5 #0", "commit acl @0 #0",
                "prepare map #4", "prepare map #4", "add map @1 #4 10.0.0.0/8 V1", "add map @2 #4 10.0.0.0/8 V2",
                "show map @1 #4", "show map", "commit map @2 #4", "commit map @1 #4", "commit map @2 #4", "show map #4",
                "add map @1 #4 11.0.0.0/8 OLD", "clear map @9 #4", "show map", "clear acl @x #0", "show acl"));
    }

    @Test
    void mapValuesTheConverterCannotReadAreRefusedAsHaproxyDoes() throws Exception {
        sameAnswers(List.of("show map", "get map #6 a.example", "add map #6 b.example notint", "add map #6 b.example 12x",
                "add map #6 b.example 443", "get map #6 b.example", "set map #6 a.example 8443", "show map #6",
                "add map #6 <<\nc.example 1\nd.example x\ne.example 2\n", "show map #6", "show map"));
    }

    /** The whitelist is also matched as strings (the last ACL): one reference, two matching methods. */
    @Test
    void payloadsWithArgumentsAndExtraWordsAnswerAsHaproxy() throws Exception {
        sameAnswers(List.of("add map #4 1.2.3.0/24 V <<\n1.2.4.0/24 W\n", "show map #4", "add map @0 #4 <<\n1.2.5.0/24 W\n",
                "add acl #0 <<\n1.2.3.4\n", "show acl #0", "show map #4 extra", "get map #4 127.0.0.1 extra",
                "del map #4 1.2.3.0/24 extra", "prepare map #4 extra", "clear map #4 extra", "show map #4", "show map"));
    }

    @Test
    void versionsAtTheirEdgesAnswerAsHaproxy() throws Exception {
        sameAnswers(List.of("prepare map #4", "show map @1 #4", "add map @1 #4 <<\n1.2.3.0/24 N1\n1.2.4.0/24 N2\n",
                "show map @1 #4", "show map", "clear map @1 #4", "show map @1 #4", "show map", "commit map @1 #4",
                "show map #4", "get map #4 127.0.0.1", "show map", "prepare map #4", "prepare map #4",
                "add map @2 #4 9.0.0.0/8 TWO", "add map @3 #4 9.0.0.0/8 THREE", "commit map @2 #4", "show map #4",
                "show map @3 #4", "show map", "commit map @3 #4", "show map #4", "show map",
                "add map @4294967295 #4 1.2.3.0/24 x", "show map @4294967295 #4", "clear map @4294967295 #4",
                "commit map @4294967295 #4", "add map @99999999999 #4 1.2.3.0/24 x", "show map"));
    }

    /** Entries named by their {@code #0x...} id, each side by its own (the second entry of {@code show map #4}). */
    @Test
    void entriesNamedByTheirIdAnswerAsHaproxy() throws Exception {
        List<String> commands = List.of("set map #4 #{id} BY-ID", "show map #4", "get map #4 192.0.2.1", "del map #4 #{id}",
                "show map #4", "del map #4 #{id}", "set map #4 #{id} AGAIN", "del acl #0 #{id}", "del map #4 #0x{id}",
                "set map #4 #0X{id} X", "set map #4 #zz X", "set map #4 #1234 X", "set map #4 # X", "del map #4 #1234",
                "show map");
        List<String> answers = new ArrayList<>();
        for (Path socket : List.of(pair.ourSocket(), pair.haproxySocket())) {
            String id = StatsSocket.send(socket, "show map #4").lines().skip(1).findFirst().orElseThrow().split(" ")[0];
            StringBuilder out = new StringBuilder();
            for (String command : commands) {
                String answer = StatsSocket.send(socket, command.replace("{id}", id).replace("0x0x", "0x").replace("0X0x", "0X"));
                out.append(">> ").append(command).append('\n').append(masked(endingWithEmptyLine(answer)));
            }
            answers.add(out.toString());
        }
        assertThat(answers.get(0)).isEqualTo(answers.get(1));
    }

    @Test
    void aFileMatchedTwoWaysAnswersForEachWay() throws Exception {
        sameAnswers(List.of("show acl", "get acl #0 192.0.2.10", "get acl #0 198.51.100.7", "get acl #0 198.51.100.0/24",
                "add acl #0 notanip", "show acl #0", "add acl #0 203.0.113.0/24", "get acl #0 203.0.113.9",
                "del acl #0 203.0.113.0/24", "get acl #0 203.0.113.9", "show acl"));
    }

    @Test
    void aPayloadIsAppliedUpToItsFirstRefusedLineAsHaproxyDoes() throws Exception {
        sameAnswers(List.of("add map #4 <<\n10.0.0.0/8 A\n10.1.0.0/16 B with spaces\nbad C\n10.2.0.0/16 D\n",
                "show map #4", "add map #4 <<\n11.0.0.0/8 A\nonlykey\n11.2.0.0/16 D\n", "show map #4",
                "add map #4 <<\n12.0.0.0/8 A\nonlykey\n", "show map", "show map #4", "add map #4 <<\n", "show map",
                "prepare map #4", "add map @1 #4 <<\n13.0.0.0/8 N1\n13.1.0.0/16 N2\n", "show map @1 #4", "show map",
                "commit map @1 #4", "show map #4", "get map #4 13.1.2.3", "show map"));
    }

    /**
     * HAProxy 2.6.12 takes a payload request of at most 16,383 bytes (command line, payload lines
     * and the ending empty line, each with its LF); at 16,384 it spins and aborts the process, above
     * it drops the connection without an answer (tried live, so not sent to HAProxy here). Ganglion
     * applies the same limit and answers the longer request with an error, changing nothing.
     */
    @Test
    void aPayloadRequestOfUpTo16383BytesIsTakenAndALongerOneRefusedWhole() throws Exception {
        String fits = payloadRequest(16_383, "a");
        String over = payloadRequest(16_384, "b");
        assertThat(fits).hasSize(16_383);
        assertThat(over).hasSize(16_384);

        assertThat(StatsSocket.send(pair.ourSocket(), fits.substring(0, fits.length() - 1))).isEqualTo("\n");
        assertThat(StatsSocket.send(pair.ourSocket(), over.substring(0, over.length() - 1)))
                .startsWith("Request too long");

        String entries = StatsSocket.send(pair.ourSocket(), "show map #4");
        assertThat(entries.lines().filter(l -> l.contains("/24 a"))).hasSize(fits.split("\n").length - 1);
        assertThat(entries).doesNotContain(" b\n");
    }

    /** {@code add map #4 <<}, then networks with the value {@code value}, then the empty line: exactly {@code bytes} long. */
    private static String payloadRequest(int bytes, String value) {
        StringBuilder out = new StringBuilder("add map #4 <<\n");
        int n = 0;
        while (true) {
            String line = "10.%d.%d.0/24 %s\n".formatted(n / 256, n % 256, value);
            if (out.length() + line.length() + 1 > bytes) {
                break;
            }
            out.append(line);
            n++;
        }
        // pads the value of the last line to the exact length
        int missing = bytes - 1 - out.length();
        out.insert(out.length() - 1, value.repeat(missing));
        return out.append('\n').toString();
    }

    @Test
    void aClientAddedToTheWhitelistIsLetInAtOnceAndShutOutWhenDeleted() throws Exception {
        String wl = whitelist.toString();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int port = ports.get(socket);
            List<String> statuses = new ArrayList<>();
            statuses.add(status(port));
            for (String command : List.of("add acl #0 127.0.0.1", "del acl #0 127.0.0.1", "add acl " + wl + " 127.0.0.1",
                    "set map #4 127.0.0.0/8 BLOCKED", "set map #4 127.0.0.0/8 LOOPBACK", "clear acl " + wl,
                    "add map #4 <<\n127.0.0.1/32 BLOCKED\n", "del map #4 127.0.0.1/32")) {
                assertThat(StatsSocket.send(socket, command)).as(command).isIn("\n", "\n\n");
                statuses.add(status(port));
            }
            assertThat(statuses).as(socket.toString()).containsExactly("403", "200", "403", "200", "429", "200",
                    "403", "429", "403");
        }
        String lastPointer = StatsSocket.send(pair.ourSocket(), "add acl #0 127.0.0.1");
        assertThat(lastPointer).isEqualTo("\n");
        String pointer = StatsSocket.send(pair.ourSocket(), "show acl #0").split(" ")[0];
        assertThat(status(ports.get(pair.ourSocket()))).isEqualTo("200");
        assertThat(StatsSocket.send(pair.ourSocket(), "del acl " + wl + " #" + pointer)).isEqualTo("\n");
        assertThat(status(ports.get(pair.ourSocket()))).as("deleted by its #id").isEqualTo("403");
    }

    private static String status(int port) throws IOException {
        String answer = RawHttp.exchange("127.0.0.1", port, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        return answer.substring(9, 12);
    }

    /** Sends each command to both, in order, and compares each answer. */
    private void sameAnswers(List<String> commands) throws IOException {
        List<String> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (String command : commands) {
            ours.add(">> " + command + "\n" + masked(StatsSocket.send(pair.ourSocket(), command)));
            theirs.add(">> " + command + "\n" + masked(endingWithEmptyLine(StatsSocket.send(pair.haproxySocket(), command))));
        }
        assertThat(String.join("", ours)).isEqualTo(String.join("", theirs));
    }

    private String masked(String answer) {
        return answer.replaceAll("0x[0-9a-f]+ ", "0xPTR ").replace("file '" + dir.resolve("haproxy.cfg") + "'", "file 'test.cfg'");
    }

    private static String endingWithEmptyLine(String answer) {
        return answer.endsWith("\n\n") || answer.equals("\n") ? answer : answer + "\n";
    }
}
