package io.ganglion.balancer.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The dates of HAProxy's log formats, from epoch milliseconds: {@code %t} ({@code 03/Dec/2026:04:05:06.789},
 * local time), {@code %T} ({@code 03/Dec/2026:04:05:06 +0000}, GMT) and {@code %Tl} (local time with
 * its offset). Formatting a date allocates, so each event loop keeps the text of the last second
 * it formatted: a busy loop formats once a second, not once a line.
 */
final class LogDates {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);
    private static final ThreadLocal<LogDates> PER_THREAD = ThreadLocal.withInitial(LogDates::new);

    private final Second local = new Second(null);
    private final Second gmt = new Second(ZoneOffset.UTC);

    /** One form of date for one second; confined to its thread. */
    private static final class Second {
        private final ZoneId zone;
        private long epochSecond = Long.MIN_VALUE;
        private String seconds;
        private String offset;

        Second(ZoneId zone) {
            this.zone = zone;
        }

        void at(long epochSecond) {
            if (epochSecond != this.epochSecond) {
                ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone == null ? ZoneId.systemDefault() : zone);
                seconds = SECONDS.format(t);
                offset = OFFSET.format(t);
                this.epochSecond = epochSecond;
            }
        }
    }

    private LogDates() {
    }

    /** {@code %t}, {@code %tr}: local time with milliseconds. */
    static void local(StringBuilder out, long millis) {
        Second s = PER_THREAD.get().local;
        s.at(Math.floorDiv(millis, 1000));
        out.append(s.seconds).append('.');
        milliseconds(out, millis);
    }

    /** {@code %T}, {@code %trg}: GMT, {@code +0000}. */
    static void gmt(StringBuilder out, long millis) {
        Second s = PER_THREAD.get().gmt;
        s.at(Math.floorDiv(millis, 1000));
        out.append(s.seconds).append(" +0000");
    }

    /** {@code %Tl}, {@code %trl}: local time and its offset from GMT. */
    static void localWithOffset(StringBuilder out, long millis) {
        Second s = PER_THREAD.get().local;
        s.at(Math.floorDiv(millis, 1000));
        out.append(s.seconds).append(' ').append(s.offset);
    }

    /** {@code %ms}: the milliseconds of the date, on three digits. */
    static void milliseconds(StringBuilder out, long millis) {
        int ms = (int) Math.floorMod(millis, 1000L);
        out.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }
}
