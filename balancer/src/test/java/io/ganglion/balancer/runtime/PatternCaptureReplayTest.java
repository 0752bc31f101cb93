package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.CaptureLikeSetup;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * HAProxy 2.6.12's captured ACL exchanges (193-283) replayed in order against the balancer running
 * the captures' configuration ({@link CaptureLikeSetup}: the stick table, its rules, the ACLs and
 * {@code log-format}'s map live, so the references take HAProxy's numbers), each answer compared
 * byte for byte with the capture's after masking the pointers and the files' directory.
 *
 * <p>Not replayed here ({@link #NOT_REPLAYED}): the stick-table commands among them, which
 * {@code CaptureSequenceConformanceTest} replays with the traffic that fills the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatternCaptureReplayTest {
    private static final Map<Integer, String> NOT_REPLAYED = new TreeMap<>();

    static {
        for (int n : new int[] {200, 201, 240}) {
            NOT_REPLAYED.put(n, "a stick table command: CaptureSequenceConformanceTest replays it with its traffic");
        }
    }

    /** HAProxy's number for the ip-country map in the captures. */
    private static final int CAPTURED_MAP_ID = 6;

    private CaptureLikeSetup setup;
    /** The number the balancer gave the ip-country map. */
    private int mapId;

    @BeforeAll
    void start() throws Exception {
        setup = CaptureLikeSetup.start();
        String listing = SocketClient.socatExchange(UnixDomainSocketAddress.of(setup.adminSocket()), "show map\n");
        Matcher map = Pattern.compile("(?m)^(\\d+) \\(" + Pattern.quote(setup.countryMap().toString())).matcher(listing);
        assertThat(map.find()).as("the ip-country map in %s", listing).isTrue();
        mapId = Integer.parseInt(map.group(1));
    }

    @AfterAll
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @TestFactory
    List<DynamicTest> theCapturedAclExchangesInOrder() {
        List<DynamicTest> steps = new ArrayList<>();
        for (int n = 193; n <= 283; n++) {
            if (NOT_REPLAYED.containsKey(n)) {
                continue;
            }
            CaptureManifest.find("%03d".formatted(n)).ifPresent(exchange ->
                    steps.add(DynamicTest.dynamicTest(exchange.file(), () -> replay(exchange))));
        }
        assertThat(steps).hasSizeGreaterThan(35);
        return steps;
    }

    private void replay(CaptureManifest.Exchange exchange) throws Exception {
        SocketAddress socket = UnixDomainSocketAddress.of(exchange.socket().equals("user") ? setup.userSocket() : setup.adminSocket());
        String ours = asCaptured(SocketClient.socatExchange(socket, asOurs(exchange.payload())));
        String theirs = new String(exchange.haproxyReply(), StandardCharsets.UTF_8);
        assertThat(masked(ours))
                .isEqualTo(masked(theirs.endsWith("\n\n") || theirs.equals("\n") ? theirs : theirs + "\n"));
    }

    /** The captured command, on this setup's files and with the balancer's number for the map. */
    private String asOurs(String command) {
        return command.replace(CaptureLikeSetup.CAPTURE_WHITELIST, setup.whitelist().toString())
                .replace(CaptureLikeSetup.CAPTURE_COUNTRY_MAP, setup.countryMap().toString())
                .replaceAll(" #" + CAPTURED_MAP_ID + "(?=\\s)", " #" + mapId);
    }

    /** The balancer's answer with the capture's file paths, and the map's listing row numbered as HAProxy's. */
    private String asCaptured(String answer) {
        return answer.replace(setup.whitelist().toString(), CaptureLikeSetup.CAPTURE_WHITELIST)
                .replace(setup.countryMap().toString(), CaptureLikeSetup.CAPTURE_COUNTRY_MAP)
                .replaceAll("(?m)^" + mapId + " \\(" + Pattern.quote(CaptureLikeSetup.CAPTURE_COUNTRY_MAP),
                        CAPTURED_MAP_ID + " (" + Matcher.quoteReplacement(CaptureLikeSetup.CAPTURE_COUNTRY_MAP));
    }

    private static String masked(String answer) {
        return answer.replaceAll("0x[0-9a-f]+ ", "0xPTR ");
    }
}
