package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays exchanges captured from HAProxy 2.6.12 against our stats socket, with the same bytes,
 * socket and kind of client, and compares the replies byte for byte.
 *
 * <p>Only run-to-run values are masked ({@link #mask}), and the one deliberate difference (every
 * answer ends with an empty line) is applied to HAProxy's bytes where it shows ({@link #DELIBERATE}).
 * To add a scenario: copy its {@code out/} file and manifest line into the test resources and add
 * its number to a {@code @ValueSource} below.
 *
 * <p>Two registries are tried. With {@link HaproxyCommandDoubles#captureRegistry()} every command
 * of HAProxy's help is present (as a stub at HAProxy's level), so {@code help}, the suggestions and
 * {@code Permission denied} must match exactly. With the registry the balancer really has today
 * (the CLI's own commands), {@code help} must be HAProxy's help reduced to the registered lines,
 * in HAProxy's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeConformanceTest {
    /** Values that differ from run to run: pointers, ages, counters, times, PIDs. */
    private static final List<Pattern> RUN_TO_RUN = List.of(
            Pattern.compile("0x[0-9a-f]{6,}"),
            Pattern.compile("(?<=\\b(?:age|exp|Pid|Uptime_sec|Start_time_sec)[=:] ?)[0-9a-z]+"));

    /** Where HAProxy 2.6 leaves out the final empty line and we don't (none in these scenarios yet). */
    private static final Map<String, UnaryOperator<String>> DELIBERATE = Map.of();

    private StatsSocketFixture catalogSockets;
    private StatsSocketFixture realSockets;

    @BeforeAll
    void start(@TempDir Path catalogDirectory, @TempDir Path realDirectory) throws Exception {
        catalogSockets = new StatsSocketFixture(catalogDirectory, HaproxyCommandDoubles.captureRegistry());
        realSockets = new StatsSocketFixture(realDirectory, CommandRegistry.builder().build());
    }

    @AfterAll
    void stop() {
        catalogSockets.close();
        realSockets.close();
    }

    @ParameterizedTest(name = "capture {0}")
    @ValueSource(strings = {
        "005", "006", "007", "008", "009", "010", "011", "012", // help, show cli level on each socket/client
        "345", "346", "347", "356", "377",                      // unknown commands, suggestions, help <words>
        "348", "349", "350", "351", "352", "354", "355",        // levels: Permission denied, user/operator
        "358", "359", "360", "361", "374", "375", "376",        // ';', '\;', two lines, CRLF, no LF, quit
        "364", "366", "368", "370", "371", "372", "373",        // prompt mode, empty and blank lines
    })
    void sameBytesAsHaproxyWithEveryHaproxyCommandRegistered(String capture) throws Exception {
        CaptureManifest.Exchange exchange = CaptureManifest.exchange(capture);

        String ours = replay(catalogSockets, exchange);

        assertThat(mask(ours)).isEqualTo(expected(exchange));
    }

    @ParameterizedTest(name = "capture {0}")
    @ValueSource(strings = {"005", "006", "007", "008", "372", "373"})
    void helpIsHaproxysHelpReducedToTheRegisteredCommands(String capture) throws Exception {
        CaptureManifest.Exchange exchange = CaptureManifest.exchange(capture);
        List<String> registered = CommandRegistry.builder().build().rows().stream()
                .flatMap(row -> row.usage().stream()).toList();

        String ours = replay(realSockets, exchange);

        String reduced = expected(exchange).lines()
                .filter(line -> !line.startsWith("  ") || registered.contains(line.substring(2)) || isFooter(line))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(ours).isEqualTo(reduced);
        assertThat(ours).contains("  show cli level ", "  operator ", "  user ", "  set timeout [cli] <delay> ");
    }

    private static boolean isFooter(String line) {
        return UsageMessage.FOOTER.contains(line + "\n");
    }

    private static String replay(StatsSocketFixture sockets, CaptureManifest.Exchange exchange) throws Exception {
        byte[] request = exchange.payload().getBytes(StandardCharsets.UTF_8);
        byte[] reply = exchange.tool().equals("nc")
                ? SocketClient.ncExchange(sockets.address(exchange.socket()), request)
                : SocketClient.socatExchange(sockets.address(exchange.socket()), request);
        return new String(reply, StandardCharsets.UTF_8);
    }

    private static String expected(CaptureManifest.Exchange exchange) {
        String haproxy = new String(exchange.haproxyReply(), StandardCharsets.UTF_8);
        return mask(DELIBERATE.getOrDefault(exchange.file(), UnaryOperator.identity()).apply(haproxy));
    }

    static String mask(String reply) {
        String masked = reply;
        for (Pattern pattern : RUN_TO_RUN) {
            masked = pattern.matcher(masked).replaceAll("<masked>");
        }
        return masked;
    }
}
