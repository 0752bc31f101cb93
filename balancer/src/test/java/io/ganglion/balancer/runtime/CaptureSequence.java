package io.ganglion.balancer.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which captured exchanges of HAProxy 2.6.12 the sequence conformance test replays, in order, and
 * what it does with the ones it cannot replay as they are. Everything here is a fact about the
 * capture run (its order, which captures were taken seconds after a change) or a listed
 * limitation of Ganglion; the README's compatibility table repeats the reasons.
 */
final class CaptureSequence {
    /** A run of consecutive captures, replayed in number order. */
    record Range(String scenario, int first, int last) {
    }

    static final List<Range> RANGES = List.of(
            new Range("servers: state drain/maint/ready", 41, 50),
            new Range("weights", 51, 63),
            new Range("health", 64, 68),
            new Range("agent and enable/disable server", 69, 75),
            new Range("addr and check-port", 76, 86),
            new Range("maxconn", 87, 95),
            new Range("frontends", 96, 105),
            new Range("dynamic servers", 106, 150),
            // from 152: 151's used count depends on how fast the earlier requests came (see requests())
            new Range("stick tables: the rules' ban, show/set/clear table", 152, 192),
            new Range("stick tables: a ban set by hand", 200, 201),
            new Range("stick tables: lifted", 240, 240),
            new Range("TLS: curl and openssl over fe_tls, show tls-keys, set ssl tls-key", 284, 303),
            // 304, 305, 307, 312 and 313 print the capture's own certificate and OCSP responses, whose
            // keys are gone: tls.OcspCaptureTest prints those files byte for byte, the comparison
            // tests run each command live. 306 and 311 set a response: the run's own second one.
            new Range("TLS: set ssl ocsp-response", 306, 306),
            new Range("TLS: set ssl ocsp-response refusals", 308, 310),
            new Range("TLS: set ssl ocsp-response on the user-level socket", 311, 311),
            new Range("errors: show errors, a malformed request", 314, 321),
            new Range("sessions: show sess, shutdown session(s)", 322, 336),
            new Range("clear counters", 338, 344),
            new Range("levels", 348, 356),
            new Range("prompt mode and ';'", 357, 371),
            new Range("empty lines, CRLF, EOF, quit", 372, 376),
            new Range("errors and lookups", 377, 394),
            new Range("weights: limits and errors", 395, 412),
            new Range("errors: set server", 413, 418),
            new Range("health and agent", 419, 423));

    /** Exchanges not replayed: they use a command Ganglion does not implement. */
    static final Map<Integer, String> SKIPPED = new TreeMap<>(Map.ofEntries(
            Map.entry(124, "help in experimental mode lists set var: not implemented"),
            Map.entry(125, "help in expert mode lists debug dev and httpclient: not implemented"),
            Map.entry(128, "set var: not implemented"),
            Map.entry(129, "experimental-mode, set var, get var: not implemented")));

    /**
     * Exchanges whose answer still differs from HAProxy's, each with its reason (the README's
     * compatibility table lists them). The test asserts that they do differ, so a fix shows up
     * as a failure asking to remove the entry here and in the README.
     */
    static final Map<Integer, String> KNOWN_DIFFERENCES = new TreeMap<>(Map.of(
            359, "Unknown command suggestions are chosen among the commands Ganglion implements",
            364, "Unknown command suggestions are chosen among the commands Ganglion implements"));

    /**
     * Captures the capture run took about 2.5 s after a change (its transcript says so), while
     * the checks settled: ours is compared once our checks had the same time to settle, i.e. the
     * comparison is retried until it holds or the time limit passes.
     */
    static final Set<Integer> TAKEN_AFTER_CHECKS_SETTLED = Set.of(50, 75, 135);

    private CaptureSequence() {
    }
}
