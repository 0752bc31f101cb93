package io.ganglion.balancer.runtime;

import io.ganglion.balancer.testing.ShowSessMask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks, in a Runtime API answer, only the values that change from one run to the next, so that
 * two answers taken at different moments (HAProxy's capture, ours now) can be compared byte for
 * byte: counters, maxima, rates, ages, durations and live gauges of {@code show stat}; the age
 * and the in-progress check bit of {@code show servers state}; and the server ports, which are
 * translated (ours to the capture's) rather than masked; and in {@code show sess} answers what
 * {@link ShowSessMask} masks.
 *
 * <p>Which {@code show stat} columns vary is not our choice: it is read from HAProxy's own
 * {@code show stat typed} capture (021), whose tags give each field's origin and nature per row
 * type. A metric ({@code M}) that is a counter, maximum, rate, age or duration is masked, plus the
 * metric gauges and averages that measure live traffic ({@link #LIVE_GAUGES}); configuration,
 * status and output fields (status, weight, act/bck, check status/code/description, addresses,
 * limits, ids) are compared exactly. A masked cell keeps its emptiness: an empty cell must stay
 * empty.
 */
final class RunToRunMask {
    private static final String MASKED = "<m>";
    private static final String VARYING_NATURES = "CMRAD";
    /**
     * Metric gauges/averages that follow live traffic or timing rather than configuration or state
     * (the h1 module's open connections include the idle server connections a pool keeps, as {@code idle_conn_cur}).
     */
    private static final Set<String> LIVE_GAUGES = Set.of("qcur", "scur", "rate", "qtime", "ctime", "rtime", "ttime",
            "srv_icur", "idle_conn_cur", "safe_conn_cur", "used_conn_cur", "need_conn_est", "h1_open_connections",
            "h1_open_streams");
    private static final Pattern TYPED_LINE = Pattern.compile("^([FBLS])\\.\\d+\\.\\d+\\.\\d+\\.([^.]+)\\.\\d+:(.)(.)(.):");
    private static final Pattern INFO_LINE = Pattern.compile("(?m)^(> )?([A-Za-z][A-Za-z_ -]*): (.*)$");
    /** show servers state columns (0-based): age, check result, check state. */
    private static final int STATE_AGE = 9;
    private static final int STATE_CHECK_RESULT = 11;
    private static final int STATE_CHECK_STATE = 13;
    /** {@code show info} fields whose value is configuration, compared exactly. */
    private static final Set<String> INFO_CONFIG = Set.of("Maxconn", "Hard_maxconn", "Stopping");

    /** "F", "B", "L", "S" + "." + field name of every column that varies from run to run. */
    private final Set<String> varyingColumns;
    private final Map<Integer, Integer> portsToCapture;

    /**
     * @param typedCapture   HAProxy's {@code show stat typed} answer, source of the field natures
     * @param portsToCapture our server ports and the capture's ports they stand for
     */
    RunToRunMask(byte[] typedCapture, Map<Integer, Integer> portsToCapture) {
        this.varyingColumns = varyingColumns(new String(typedCapture, StandardCharsets.UTF_8));
        this.portsToCapture = Map.copyOf(portsToCapture);
    }

    private static Set<String> varyingColumns(String typed) {
        Set<String> varying = new HashSet<>();
        typed.lines().map(TYPED_LINE::matcher).filter(Matcher::find).forEach(m -> {
            boolean metric = m.group(3).equals("M");
            if (metric && (VARYING_NATURES.contains(m.group(4)) || LIVE_GAUGES.contains(m.group(2)))) {
                varying.add(m.group(1) + "." + m.group(2));
            }
        });
        varying.add("F.pid");
        varying.add("B.pid");
        varying.add("L.pid");
        varying.add("S.pid");
        return varying;
    }

    /** The capture's port numbers put back in a request we send (capture port to ours). */
    String toOurPorts(String request) {
        String out = request;
        for (Map.Entry<Integer, Integer> e : portsToCapture.entrySet()) {
            out = out.replaceAll("\\b" + e.getValue() + "\\b", Integer.toString(e.getKey()));
        }
        return out;
    }

    /**
     * Masks a whole reply: each answer in it (answers end with an empty line, so a {@code ;}
     * batch or a prompt session is cut there) is masked by its kind, then ports are translated.
     */
    String mask(String reply) {
        String masked = Arrays.stream(reply.split("(?<=\n\n)")).map(this::maskAnswer).collect(Collectors.joining());
        for (Map.Entry<Integer, Integer> e : portsToCapture.entrySet()) {
            masked = masked.replaceAll("\\b" + e.getKey() + "\\b", Integer.toString(e.getValue()));
        }
        return masked;
    }

    private String maskAnswer(String answer) {
        String prompt = answer.startsWith("> ") ? "> " : "";
        String body = answer.substring(prompt.length());
        if (body.startsWith("# pxname,")) {
            return prompt + maskCsv(body);
        }
        if (body.startsWith("1\n# be_id ")) {
            return prompt + maskServersState(body);
        }
        if (body.startsWith("Total events captured on [")) {
            return prompt + maskErrors(body);
        }
        if (body.startsWith("# table: ")) {
            // an entry's address is the process's, its expiry counts down by the millisecond
            return prompt + body.replaceAll("(?m)^0x[0-9a-f]+:", "0x" + MASKED + ":").replaceAll(" exp=\\d+", " exp=" + MASKED);
        }
        if (ShowSessMask.isShowSess(body)) {
            return prompt + ShowSessMask.masked(body);
        }
        return answer.contains("\nUptime_sec: ") ? maskInfo(answer) : answer;
    }

    private String maskCsv(String csv) {
        String[] lines = csv.split("\n", -1);
        List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        List<String> out = new ArrayList<>();
        out.add(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length < header.size()) {
                out.add(lines[i]);
                continue;
            }
            String rowType = rowType(cells[1]);
            for (int c = 0; c < header.size(); c++) {
                if (!cells[c].isEmpty() && varyingColumns.contains(rowType + "." + header.get(c))) {
                    cells[c] = MASKED;
                }
            }
            out.add(String.join(",", cells));
        }
        return String.join("\n", out);
    }

    private static String rowType(String svname) {
        return switch (svname) {
            case "FRONTEND" -> "F";
            case "BACKEND" -> "B";
            default -> "S";
        };
    }

    /**
     * The age of the last state change varies, and so does whether a check happened to be running
     * at that instant (bit 0x1 of srv_check_state, during which srv_check_result reads 0).
     */
    private static String maskServersState(String state) {
        String[] lines = state.split("\n", -1);
        for (int i = 2; i < lines.length; i++) {
            String[] f = lines[i].split(" ", -1);
            if (f.length > STATE_CHECK_STATE) {
                f[STATE_AGE] = MASKED;
                int checkState = Integer.parseInt(f[STATE_CHECK_STATE]);
                if ((checkState & 1) != 0) {
                    f[STATE_CHECK_RESULT] = MASKED;
                    f[STATE_CHECK_STATE] = Integer.toString(checkState & ~1);
                }
                lines[i] = String.join(" ", f);
            }
        }
        return String.join("\n", lines);
    }

    /**
     * {@code show errors}: the dates, the client's port, and the values internal to HAProxy's
     * parser (its buffer's wrap point, its flag words) vary or have no counterpart; the proxies,
     * ids, event numbers, address, lengths, error position, parser state and bytes are compared.
     */
    private static String maskErrors(String errors) {
        return errors.replaceAll("\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\]", "[" + MASKED + "]")
                .replaceAll("(, src [0-9a-fA-F.:]+):\\d+\n", "$1:" + MASKED + "\n")
                .replaceAll("wraps at \\d+", "wraps at " + MASKED)
                .replaceAll("flags 0x[0-9a-f]{8}", "flags " + MASKED);
    }

    /** {@code show info}: names and order are compared; values only for configuration fields. */
    private static String maskInfo(String info) {
        return INFO_LINE.matcher(info).replaceAll(m -> Matcher.quoteReplacement(
                (m.group(1) == null ? "" : m.group(1)) + m.group(2) + ": "
                        + (INFO_CONFIG.contains(m.group(2)) ? m.group(3) : MASKED)));
    }
}
