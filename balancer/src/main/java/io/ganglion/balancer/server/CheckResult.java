package io.ganglion.balancer.server;

import java.time.Duration;

/**
 * The outcome of one health check, in HAProxy's vocabulary ({@code check_status} column).
 *
 * @param status   e.g. {@code L4OK}, {@code L4CON}, {@code L4TOUT}, {@code L7OK}, {@code L7STS}, {@code L7TOUT}, {@code L7RSP}
 * @param code     HTTP status of a layer-7 check, 0 otherwise
 * @param duration how long the check took
 * @param info     human description, e.g. "Connection refused"
 * @param atMillis wall-clock time of the result
 */
public record CheckResult(String status, int code, Duration duration, String info, long atMillis) {
    /** HAProxy's text for a check status ({@code check_desc}, and the reason of state-change messages). */
    public static String describe(String status) {
        return switch (status) {
            case "INI" -> "Initializing";
            case "SOCKERR" -> "Socket error";
            case "L4OK" -> "Layer4 check passed";
            case "L4CON" -> "Layer4 connection problem";
            case "L4TOUT" -> "Layer4 timeout";
            case "L7OK" -> "Layer7 check passed";
            case "L7STS" -> "Layer7 wrong status";
            case "L7TOUT" -> "Layer7 timeout";
            case "L7RSP" -> "Layer7 invalid response";
            case "CHECKED" -> "No status change";
            default -> status;
        };
    }

    public boolean passed() {
        return status.equals("L4OK") || status.equals("L7OK") || status.equals("L6OK");
    }
}
