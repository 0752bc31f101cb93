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
 * the captures' configuration ({@link CaptureLikeSetup}: the whitelist ACL live, the stick-counter
 * lines and {@code log-format} still comments), each answer compared byte for byte with the
 * capture's after masking the pointers and the ACL file's directory.
 *
 * <p>Not replayed, each for its reason ({@link #NOT_REPLAYED}): the references of the stick-counter
 * ACLs ({@code #2}, {@code #3}) come with stick tables (issue 15), the ip-country map {@code #6}
 * with {@code log-format}; without them the other references take other numbers, so the listings
 * differ too. {@code PatternCommandsComparisonTest} compares those exchanges with a live HAProxy on a
 * configuration both can run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatternCaptureReplayTest {
    private static final Map<Integer, String> NOT_REPLAYED = new TreeMap<>();

    static {
        for (int n : new int[] {193, 199, 221, 239}) {
            NOT_REPLAYED.put(n, "lists the references of the stick-counter ACLs");
        }
        for (int n : new int[] {196, 197, 215, 216, 217, 218, 219}) {
            NOT_REPLAYED.put(n, "#2 and #3 are ACLs on stick counters (issue 15)");
        }
        NOT_REPLAYED.put(200, "set table: stick tables are not implemented");
        NOT_REPLAYED.put(201, "show table: stick tables are not implemented");
        NOT_REPLAYED.put(240, "clear table: stick tables are not implemented");
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
