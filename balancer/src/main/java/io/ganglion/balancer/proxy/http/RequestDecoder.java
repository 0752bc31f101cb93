package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * The request decoder of a client connection, which also says whether a request has begun to
 * arrive: a byte read since the end of the last request counts, even a piece of a request line
 * too short to decode. A graceful stop closes a connection between requests only, and this is how
 * it tells "between requests" from "a request half arrived", which the session cannot see: the
 * decoder keeps such bytes to itself until a whole head is there.
 */
final class RequestDecoder extends HttpRequestDecoder {
    /** Touched by the channel's event loop only. */
    private boolean requestBegun;

    RequestDecoder(HttpDecoderConfig limits) {
        super(limits);
    }

    /** True from the first byte of a request until its end has been decoded. */
    boolean requestBegun() {
        return requestBegun;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int decodedBefore = out.size();
        boolean hadBytes = buffer.isReadable();
        super.decode(ctx, buffer, out);
        if (out.size() > decodedBefore) {
            // Bytes left after a request's end are decoded by the next call, which sets it again.
            requestBegun = !(out.get(out.size() - 1) instanceof LastHttpContent);
        } else if (hadBytes) {
            requestBegun = true; // bytes consumed into a head being parsed, or kept for want of a whole line
        }
    }
}
