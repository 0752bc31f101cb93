package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show map REF} of a long map is written in pieces as the client reads: while a client holds
 * the dump half read, other sessions are answered and change the map, and the dump goes on from
 * its last entry, so it lists every entry that stayed exactly once, in order, without the ones
 * deleted before it reached them and with the ones added at the end.
 */
@Timeout(60)
class LongMapDumpTest {
    private static final int ENTRIES = 50_000;

    @TempDir
    Path dir;

    @Test
    void aDumpHeldHalfReadLetsOtherSessionsChangeTheMapAndResumesAfterItsLastEntry() throws Exception {
        Path map = Files.writeString(dir.resolve("big.map"), IntStream.range(0, ENTRIES)
                .mapToObj(LongMapDumpTest::line).collect(Collectors.joining()));
        Path socket = dir.resolve("admin.sock");
        String config = """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    http-request set-header X-Net %%[src,map_ip(%s,NONE)]
                    default_backend be
                backend be
                    server s 127.0.0.1:9
                """.formatted(socket, map);
        try (RunningBalancer balancer = RunningBalancer.start(config);
                SocketChannel reader = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            reader.write(ByteBuffer.wrap(("show map " + map + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            reader.read(buf); // the first piece(s); the rest waits for this client to read
            dump.write(buf.array(), 0, buf.position());

            // meanwhile, another session: a deletion far ahead of the dump, one behind it, an addition
            assertThat(StatsSocket.send(socket, "del map " + map + " " + key(ENTRIES - 10))).isEqualTo("\n");
            assertThat(StatsSocket.send(socket, "del map " + map + " " + key(0))).isEqualTo("\n");
            assertThat(StatsSocket.send(socket, "add map " + map + " 12.0.0.0/8 ADDED")).isEqualTo("\n");
            assertThat(StatsSocket.send(socket, "get map " + map + " 12.1.2.3")).contains("value=\"ADDED\"");

            buf.clear();
            while (reader.read(buf) >= 0) {
                dump.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < ENTRIES; n++) {
                if (n != ENTRIES - 10) {
                    expected.add(line(n).strip());
                }
            }
            expected.add("12.0.0.0/8 ADDED");
            List<String> listed = dump.toString(StandardCharsets.US_ASCII).lines()
                    .map(l -> l.isEmpty() ? l : l.substring(l.indexOf(' ') + 1)).toList();
            assertThat(listed.subList(0, listed.size() - 1)).containsExactlyElementsOf(expected);
            assertThat(listed.get(listed.size() - 1)).isEmpty();
        }
    }

    private static String key(int n) {
        return "%d.%d.%d.0/24".formatted(10 + n / 65_536, n / 256 % 256, n % 256);
    }

    private static String line(int n) {
        return key(n) + " V" + n + "\n";
    }
}
