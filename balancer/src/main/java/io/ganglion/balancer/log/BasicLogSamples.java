package io.ganglion.balancer.log;

import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.server.Server;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The default {@link LogSampleCompiler}: the fetches of a stream's connection and proxies
 * ({@code src}, {@code src_port}, {@code dst}, {@code dst_port}, {@code fe_name}, {@code be_name},
 * {@code srv_name}), without arguments and without converters, which it refuses with HAProxy's
 * messages. The rule engine's compiler replaces it.
 */
public final class BasicLogSamples implements LogSampleCompiler {
    public static final BasicLogSamples INSTANCE = new BasicLogSamples();

    private static final Map<String, LogSample> FETCHES = Map.of(
            "src", l -> address(l.stream().client()),
            "src_port", l -> port(l.stream().client()),
            "dst", l -> address(l.frontendAddress()),
            "dst_port", l -> port(l.frontendAddress()),
            "fe_name", l -> l.stream().frontend().name(),
            "be_name", l -> l.stream().backend() == null ? null : l.stream().backend().name(),
            "srv_name", l -> {
                Server s = l.stream().server();
                return s == null ? null : s.name();
            });

    private BasicLogSamples() {
    }

    @Override
    public Compiled compile(String text, Source where) throws LogFormatException {
        int end = nameEnd(text, 0);
        String name = text.substring(0, end);
        LogSample fetch = FETCHES.get(name);
        if (fetch == null) {
            throw new LogFormatException("unknown fetch method '" + name + "'");
        }
        if (end < text.length() && text.charAt(end) == '(') {
            // None of these fetches takes an argument: HAProxy wants the ')' at once.
            if (end + 1 < text.length() && text.charAt(end + 1) == ')') {
                end += 2;
            } else {
                throw new LogFormatException("fetch method '" + name + "' : expected ')' before '"
                        + text.substring(end + 1) + "'");
            }
        }
        if (end < text.length() && text.charAt(end) == ',') {
            int convEnd = nameEnd(text, end + 1);
            throw new LogFormatException("unknown converter '" + text.substring(end + 1, convEnd) + "'");
        }
        return new Compiled(fetch, end);
    }

    /** Fetch and converter names: HAProxy's letters, digits, '.', '_' and '-'. */
    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-') {
                break;
            }
            i++;
        }
        return i;
    }

    private static String address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
    }

    private static String port(InetSocketAddress a) {
        return a == null ? null : Integer.toString(a.getPort());
    }
}
