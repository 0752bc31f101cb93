package io.ganglion.balancer.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The trailer map of each response's last part. Netty's decoder makes one for every response that
 * ends, a {@code Content-Length} body's end included, where it nearly always stays empty; its
 * default map has 16 buckets. This one starts with Netty's own "empty headers" size (2 buckets,
 * grown as any map when trailers do come, with the same validation): 56 bytes less per response.
 */
final class ResponseTrailers implements HttpHeadersFactory {
    static final ResponseTrailers FACTORY = new ResponseTrailers();
    private static final DefaultHttpHeadersFactory NETTY = DefaultHttpHeadersFactory.trailersFactory();

    private ResponseTrailers() {
    }

    @Override
    public HttpHeaders newHeaders() {
        return NETTY.newEmptyHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
        return NETTY.newEmptyHeaders();
    }
}
