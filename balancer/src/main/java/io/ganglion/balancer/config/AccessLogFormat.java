package io.ganglion.balancer.config;

/**
 * The access log format of a frontend as written: HAProxy's default (neither option), the named
 * formats of {@code option httplog [clf]} and {@code option tcplog}, or a {@code log-format} (the
 * last one written wins, in the proxy or its {@code defaults}). The text is HAProxy 2.6's format
 * string, compiled by the {@code log} package; {@code config} only keeps it.
 *
 * @param kind   which keyword chose it
 * @param text   the log-format string, null for {@link Kind#CONNECT}
 * @param source where it was written (alerts about the format point there), null for the default
 */
public record AccessLogFormat(Kind kind, String text, Source source) {
    /** HAProxy 2.6's {@code option httplog} ({@code default_http_log_format} in its log.c). */
    public static final String HTTPLOG_TEXT = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc "
            + "%ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    /** HAProxy 2.6's {@code option httplog clf}. */
    public static final String CLF_TEXT = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw %Tc "
            + "%Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";
    /** HAProxy 2.6's {@code option tcplog}. */
    public static final String TCPLOG_TEXT = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";

    /** Neither option nor {@code log-format}: {@code Connect from ...} when a stream starts. */
    public static final AccessLogFormat CONNECT = new AccessLogFormat(Kind.CONNECT, null, null);

    public enum Kind {
        CONNECT("log-format"), HTTPLOG("option httplog"), HTTPLOG_CLF("option httplog clf"), TCPLOG("option tcplog"),
        CUSTOM("log-format");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The directive as HAProxy names it in its "overrides previous" warnings. */
        public String keyword() {
            return keyword;
        }
    }

    public static AccessLogFormat httpLog(Source where) {
        return new AccessLogFormat(Kind.HTTPLOG, HTTPLOG_TEXT, where);
    }

    public static AccessLogFormat clfLog(Source where) {
        return new AccessLogFormat(Kind.HTTPLOG_CLF, CLF_TEXT, where);
    }

    public static AccessLogFormat tcpLog(Source where) {
        return new AccessLogFormat(Kind.TCPLOG, TCPLOG_TEXT, where);
    }

    public static AccessLogFormat custom(String text, Source where) {
        return new AccessLogFormat(Kind.CUSTOM, text, where);
    }

    /** The line is written when the connection or transaction ends, with its timers and counters. */
    public boolean atEnd() {
        return kind != Kind.CONNECT;
    }

    /** {@code option httplog [clf]}: HAProxy logs a {@code mode tcp} proxy's in the TCP format instead. */
    public boolean needsHttpMode() {
        return kind == Kind.HTTPLOG || kind == Kind.HTTPLOG_CLF;
    }
}
