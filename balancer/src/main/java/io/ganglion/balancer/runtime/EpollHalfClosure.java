package io.ganglion.balancer.runtime;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.Native;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a half-closed epoll channel in epoll until it closes, working around a defect of Netty
 * 4.2.18's epoll transport.
 *
 * <p>Netty removes a socket from epoll ({@code EPOLL_CTL_DEL}) when its channel's interest set
 * becomes empty, yet goes on treating it as added: the next interest the channel asks for is an
 * {@code EPOLL_CTL_MOD}, which fails with ENOENT, and the channel closes on that error. A channel
 * whose client has shut its sending side has no read interest left; once what it wrote has gone
 * out, it has no interest at all, so the next write that must wait for the socket is cut. That is
 * any answer larger than the socket's buffer to a client that shut its side and then reads, which
 * is what {@code socat} and {@code nc -N} do with a script.
 *
 * <p>Adding {@code EPOLLET} to the interest set keeps it from ever being empty. With no read
 * interest left, edge triggering changes only how the socket's writability is reported, once per
 * change rather than while it lasts, which Netty's write path handles: it asks for {@code EPOLLOUT}
 * afresh each time a write stops short, as it did when edge triggering was its default (Netty 4.1).
 *
 * <p>Netty declares the interest set's setter protected; it is reached here once per half-closed
 * session through a method handle, not on any data path. Where that is refused (Netty on the
 * module path), sessions keep Netty's own behaviour and this says so once.
 */
final class EpollHalfClosure {
    private static final Logger LOG = LoggerFactory.getLogger(EpollHalfClosure.class);
    private static final MethodHandle SET_INTEREST = interestSetter();

    private EpollHalfClosure() {
    }

    /**
     * Keeps {@code channel} in epoll for the rest of its life if it is an epoll stream channel;
     * call it on the channel's loop once its input has ended, before anything else it handles.
     */
    static void keepRegistered(Channel channel) {
        if (SET_INTEREST == null || !(channel instanceof AbstractEpollStreamChannel) || !channel.isOpen()) {
            return;
        }
        try {
            SET_INTEREST.invoke(channel, Native.EPOLLET);
        } catch (Throwable e) {
            // The channel is failing anyway (its socket gone): Netty's own close follows.
            LOG.debug("stats socket session {}: could not keep it in epoll", channel, e);
        }
    }

    /** Whether half-closed sessions are kept in epoll in this process. */
    static boolean available() {
        return SET_INTEREST != null;
    }

    private static MethodHandle interestSetter() {
        Class<?> epollChannel = AbstractEpollStreamChannel.class.getSuperclass();
        try {
            return MethodHandles.privateLookupIn(epollChannel, MethodHandles.lookup())
                    .findVirtual(epollChannel, "setFlag", MethodType.methodType(void.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("Netty's epoll interest set is out of reach ({}): an answer longer than the socket's buffer, to a"
                    + " stats socket client that has shut its sending side, may be cut", e.toString());
            return null;
        }
    }
}
