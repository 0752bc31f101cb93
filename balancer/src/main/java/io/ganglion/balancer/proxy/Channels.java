package io.ganglion.balancer.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** Connection teardown shared by the TCP and HTTP paths. */
final class Channels {
    private Channels() {
    }

    /** Closes {@code ch} once every write already queued on it is flushed. */
    static void closeOnFlush(Channel ch) {
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
