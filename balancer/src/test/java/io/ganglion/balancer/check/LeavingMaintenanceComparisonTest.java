package io.ganglion.balancer.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.ComparisonConfigs;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.SidePorts;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: through the bundled balancer, three instances registered at once into an empty backend
 * with {@code check inter 2s} were said to take traffic 1.8 s after the agent's {@code add server},
 * where HAProxy takes 31–42 ms. The agent's commands for each ({@code add server ... check},
 * {@code enable health}, {@code set server ... state ready}) leave each server as HAProxy 2.6 leaves
 * it: UP at once, its first check still to come ({@code INI}), and taking traffic before that check.
 */
class LeavingMaintenanceComparisonTest {

    @Test
    void serversLeavingMaintenanceWithChecksAreUpAtOnceAsInHaproxy(@TempDir Path directory) throws Exception {
        HaproxyProcess.requireInstalled();
        SidePorts frontends = SidePorts.free();
        try (TestHttpBackend web = new TestHttpBackend("web");
             SameConfigPair pair = SameConfigPair.start(directory, socket ->
                     ComparisonConfigs.httpFrontend(socket, frontends.of(socket)) + """
                         default_backend be
                     backend be
                         balance roundrobin
                         option httpchk GET /health
                     """)) {
            String theirs = addThreeAndRead(pair.haproxySocket(), web.port());
            String ours = addThreeAndRead(pair.ourSocket(), web.port());
            assertThat(theirs).contains("i1 status=UP 1/3 check_status=INI");
            assertThat(ours).isEqualTo(theirs);
            assertThat(firstStatus(frontends.haproxy())).isEqualTo("HTTP/1.1 200");
            assertThat(firstStatus(frontends.ours())).isEqualTo("HTTP/1.1 200");
        }
    }

    /**
     * The agent's commands for three instances, then the servers' states, read at once: well within
     * the {@code inter} before the first check (10 s here rather than the 2 s, so a loaded
     * machine cannot let a check run first; the state on leaving maintenance does not depend on it).
     */
    private static String addThreeAndRead(Path socket, int port) throws IOException {
        for (String server : List.of("i1", "i2", "i3")) {
            StatsSocket.send(socket, "add server be/" + server + " 127.0.0.1:" + port + " check inter 10s");
            StatsSocket.send(socket, "enable health be/" + server);
            StatsSocket.send(socket, "set server be/" + server + " state ready");
        }
        return states(socket);
    }

    /** Each server's status and check columns of {@code show stat}. */
    private static String states(Path socket) throws IOException {
        StatCsv stat = StatCsv.ask(socket, "");
        return stat.rows().stream().filter(row -> row[0].equals("be") && row[1].startsWith("i"))
                .map(row -> row[1] + " status=" + stat.cell(row, "status") + " check_status=" + stat.cell(row, "check_status"))
                .collect(Collectors.joining("\n"));
    }

    private static String firstStatus(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
    }
}
