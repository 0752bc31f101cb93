package io.ganglion.balancer.log;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.AccessLog;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.StreamAction;
import io.ganglion.balancer.proxy.stream.Verdict;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last action of a frontend's log phase: renders the stream's line in the frontend's compiled
 * format and queues it for the access log. Each event loop renders into its own reused buffer, so
 * a line costs its final string and nothing else.
 */
public final class LogLine implements StreamAction<LoggedStream> {
    /** A buffer that grew past this (a huge request line) is not kept for the next lines. */
    private static final int KEPT_CAPACITY = 4096;
    private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(256));

    private final LogFormat format;
    private final AccessLog log;
    /**
     * The longest line the targets take: their longest {@code len} less one (HAProxy's buffer keeps
     * a byte for the final NUL; 1023 by default). Each target then cuts its header and line to its own.
     */
    private final int maxLine;
    /** {@code option dontlognull}: no line for a stream whose client sent nothing. */
    private final boolean dontLogNull;
    /** HAProxy's {@code log_count} of the frontend: lines logged so far ({@code %lc}). */
    private final AtomicLong logged = new AtomicLong();

    LogLine(LogFormat format, AccessLog log, boolean dontLogNull) {
        this.format = format;
        this.log = log;
        this.maxLine = log.maxMessageLength();
        this.dontLogNull = dontLogNull;
    }

    /**
     * The log line action of a frontend, or null when it logs nothing at the end of its streams (no
     * {@code log global}, no global {@code log} target, or HAProxy's default {@code Connect from} format).
     *
     * @throws IllegalStateException if the format does not compile (the configuration check refused it already)
     */
    public static LogLine forFrontend(ProxySection frontend, AccessLog log) {
        AccessLogFormat f = frontend.accessLogFormat();
        if (log == null || !frontend.logGlobal() || !f.atEnd()) {
            return null;
        }
        try {
            return new LogLine(LogFormatParser.compile(f.text(), frontend.mode() == ProxyMode.HTTP, RuleLogSamples.of(frontend),
                    f.source()), log, frontend.get(LogKeywords.DONT_LOG_NULL));
        } catch (LogFormatException e) {
            throw new IllegalStateException("log-format of " + frontend.name() + " passed the check: " + e.getMessage(), e);
        }
    }

    @Override
    public Verdict apply(Stream stream, LoggedStream logged) {
        if (dontLogNull && stream.bytesIn() == 0) {
            return Verdict.CONTINUE;
        }
        StringBuilder line = BUFFERS.get();
        line.setLength(0);
        format.render(line, logged, this.logged.getAndIncrement());
        if (line.length() > maxLine) {
            line.setLength(maxLine);
        }
        log.write(line.toString());
        if (line.capacity() > KEPT_CAPACITY) {
            BUFFERS.remove();
        }
        return Verdict.CONTINUE;
    }
}
