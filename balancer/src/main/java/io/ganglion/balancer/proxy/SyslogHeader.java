package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.LogTarget;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What precedes each message on a {@code log} target, by its {@code format}, as HAProxy 2.6 writes
 * it on stdout/stderr: {@code raw} nothing; {@code short} the level alone ({@code <6>}, info);
 * {@code local} (the default) {@code <PRI>Dec  2 18:32:16 haproxy[PID]: }; {@code rfc3164} the
 * same with the host, which HAProxy writes {@code localhost} unless told another name. PRI is
 * facility * 8 + level (6, info, for traffic; see {@link AccessLog#event} for the others). The tag
 * is HAProxy's, so that tools reading HAProxy's logs read these.
 */
final class SyslogHeader {
    static final int INFO = 6;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final String format;
    private final int facility;
    private final String tag;

    SyslogHeader(LogTarget target, long pid) {
        this.format = target.format();
        this.facility = LogTarget.facilityCode(target.facility());
        this.tag = (format.equals("rfc3164") ? "localhost " : "") + "haproxy[" + pid + "]: ";
    }

    /** The header of a message of syslog {@code level} written at {@code epochMillis}. */
    String before(long epochMillis, int level) {
        return switch (format) {
            case "raw" -> "";
            case "short" -> "<" + level + ">";
            default -> "<" + (facility * 8 + level) + ">" + DATE.format(Instant.ofEpochMilli(epochMillis)) + " " + tag;
        };
    }
}
