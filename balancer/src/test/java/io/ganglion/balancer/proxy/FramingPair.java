package io.ganglion.balancer.proxy;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.RunningBalancer;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The real HAProxy 2.6 and the bundled balancer, configured alike ({@link FramingCases#config}),
 * each in front of its own {@link RecordingHttpServer} that knows the canned responses: the two
 * sides of a live comparison. Skips the test without HAProxy (fails it under {@code CI=true}).
 */
final class FramingPair implements AutoCloseable {
    final HaproxyProcess haproxy;
    final int haproxyPort;
    final RecordingHttpServer behindHaproxy;
    final RecordingHttpServer behindGanglion;
    final RunningBalancer ganglion;

    private FramingPair(HaproxyProcess haproxy, int haproxyPort, RecordingHttpServer behindHaproxy,
            RecordingHttpServer behindGanglion, RunningBalancer ganglion) {
        this.haproxy = haproxy;
        this.haproxyPort = haproxyPort;
        this.behindHaproxy = behindHaproxy;
        this.behindGanglion = behindGanglion;
        this.ganglion = ganglion;
    }

    static FramingPair start(Path directory) throws Exception {
        return start(directory, "", "", Map.of());
    }

    /**
     * @param haproxyGlobal   more lines for HAProxy's global section (indented)
     * @param ganglionGlobal  more lines for the balancer's global section
     * @param extraResponses  canned responses besides {@link FramingCases#RESPONSES}, by name
     */
    static FramingPair start(Path directory, String haproxyGlobal, String ganglionGlobal,
            Map<String, String> extraResponses) throws Exception {
        HaproxyProcess.requireInstalled();
        RecordingHttpServer behindHaproxy = withCannedResponses(new RecordingHttpServer(), extraResponses);
        RecordingHttpServer behindGanglion = withCannedResponses(new RecordingHttpServer(), extraResponses);
        int haproxyPort = Ports.free();
        HaproxyProcess haproxy = HaproxyProcess.start(directory,
                withGlobal(FramingCases.config(Integer.toString(haproxyPort), behindHaproxy.port()), haproxyGlobal));
        RunningBalancer ganglion = RunningBalancer.start(withGlobal(FramingCases.config("${PORT}", behindGanglion.port()), ganglionGlobal));
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            new Socket("127.0.0.1", haproxyPort).close();
            return true;
        });
        return new FramingPair(haproxy, haproxyPort, behindHaproxy, behindGanglion, ganglion);
    }

    private static RecordingHttpServer withCannedResponses(RecordingHttpServer server, Map<String, String> extra) {
        FramingCases.RESPONSES.forEach(r -> server.cannedResponse(r.name(), r.bytes()));
        extra.forEach(server::cannedResponse);
        return server;
    }

    private static String withGlobal(String config, String lines) {
        return config.replaceFirst("global\n", "global\n" + lines);
    }

    @Override
    public void close() throws Exception {
        haproxy.close();
        ganglion.close();
        behindHaproxy.close();
        behindGanglion.close();
    }
}
