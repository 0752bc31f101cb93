package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The response encoder of a client connection. Netty's server codec learns HEAD requests from its
 * own decoder and forgets them on an interim (1xx) response; the session knows which request each
 * response answers, so it says so here before writing the response head. A server's response
 * head, read into {@link CompactHeaders}, is written from them directly.
 */
final class ProxyResponseEncoder extends HttpResponseEncoder {
    /** Set by the session on the channel's event loop, right before it writes a response head. */
    private boolean answeringHead;

    void answeringHead(boolean head) {
        this.answeringHead = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return super.isContentAlwaysEmpty(msg) || (answeringHead && msg.status().code() >= 200);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        if (!CompactHeaders.encoded(headers, buf)) {
            super.encodeHeaders(headers, buf);
        }
    }
}
