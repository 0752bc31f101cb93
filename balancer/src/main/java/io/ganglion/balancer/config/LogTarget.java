package io.ganglion.balancer.config;

import java.util.List;

/**
 * A {@code log} line of the global section. Only {@code stdout} and {@code stderr} targets are
 * supported (containers and systemd collect them).
 *
 * @param target   {@code stdout} or {@code stderr}
 * @param format   {@code raw} (the message alone), {@code short}, {@code local} (the default) or {@code rfc3164}
 * @param facility the syslog facility word ({@code local0}...), one of {@link #FACILITIES}
 * @param length   {@code len}: a line, its header included, has at most one character less
 */
public record LogTarget(String target, String format, String facility, Source source, int length) {
    /** HAProxy's {@code len} when none is given, and its bounds. */
    public static final int DEFAULT_LENGTH = 1024;
    public static final int MIN_LENGTH = 80;
    public static final int MAX_LENGTH = 65535;

    /** HAProxy's facility names, in the order of their syslog codes. */
    public static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    public static final List<String> FORMATS = List.of("raw", "short", "local", "rfc3164");

    public static int facilityCode(String facility) {
        return FACILITIES.indexOf(facility);
    }
}
