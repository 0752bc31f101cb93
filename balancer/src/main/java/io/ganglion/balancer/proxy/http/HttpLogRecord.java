package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.proxy.AccessLog;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.server.Server;
import java.net.InetSocketAddress;

/** The access log line of a finished HTTP transaction, from its stream, in its frontend's format. */
final class HttpLogRecord {
    private HttpLogRecord() {
    }

    static void write(ProxyContext context, HttpTransaction tx) {
        Stream s = tx.stream;
        Frontend frontend = s.frontend();
        Backend backend = s.backend();
        Server server = s.server();
        InetSocketAddress remote = s.client();
        AccessLog.HttpEntry entry = new AccessLog.HttpEntry(remote.getAddress().getHostAddress(), remote.getPort(),
                s.acceptMillis(), frontend.name(), backend == null ? frontend.name() : backend.name(),
                server == null ? "<NOSRV>" : server.name(), 0, s.queueMillis(), s.connectMillis(), s.responseMillis(),
                s.activeMillis(), s.status() == 0 ? -1 : s.status(), s.bytesOut(), s.termination(),
                context.activeConnections().get(), frontend.counters().current(),
                backend == null ? 0 : backend.counters().current(), server == null ? 0 : server.counters().current(),
                s.retries(), tx.requestLine());
        if (frontend.config().accessLogFormat() == AccessLogFormat.TCP) {
            context.accessLog().tcp(entry);
        } else {
            context.accessLog().http(entry);
        }
    }
}
