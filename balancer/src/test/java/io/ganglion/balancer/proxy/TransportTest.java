package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which transport the proxies' loops take, and that the one asked for is the one given. */
class TransportTest {
    private static final String EPOLL_OR_NIO = Epoll.isAvailable() ? "epoll" : "nio";
    // Transport first: it sets how Netty's io_uring support loads
    private static final String BEST = Transport.ioUringAvailable() ? "io_uring" : EPOLL_OR_NIO;

    @AfterEach
    void forget() {
        System.clearProperty(Transport.PROPERTY);
    }

    @Test
    void ioUringUnlessAnotherIsAskedFor() {
        assertThat(Transport.best().name()).isEqualTo(BEST);
    }

    @Test
    void anOperatorMayAskForEpollOrNio() {
        System.setProperty(Transport.PROPERTY, "epoll");
        assertThat(Transport.best().name()).isEqualTo(EPOLL_OR_NIO);
        System.setProperty(Transport.PROPERTY, "NIO");
        assertThat(Transport.best().name()).isEqualTo("nio");
        assertThat(Transport.best().reusePort()).isFalse();
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThat(Transport.best().name()).isEqualTo(BEST);
    }

    @Test
    void acceptsAndPollsAreSingleShot() {
        assertThat(Transport.MULTISHOT_SWITCHES).allSatisfy(p -> assertThat(System.getProperty(p)).isEqualTo("false"));
        assertThat(IoUring.isAcceptMultishotEnabled()).isFalse();
        assertThat(IoUring.isPollAddMultishotEnabled()).isFalse();
    }

    @Test
    void theBenchmarksBackendsKeepOneTransportWhateverTheBalancerTakes() {
        assertThat(Transport.epollOrNio().name()).isEqualTo(EPOLL_OR_NIO);
    }

    @Test
    void anIoUringListeningSocketDrainsWhereItAccepts() {
        Transport t = Transport.best();
        assertThat(t.movesChannels()).isEqualTo(!t.name().equals("io_uring"));
    }
}
