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
    public boolean passed() {
        return status.equals("L4OK") || status.equals("L7OK") || status.equals("L6OK");
    }
}
