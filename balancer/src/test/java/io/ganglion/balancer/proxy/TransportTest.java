package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which transport the proxies' loops take, and that the one asked for is the one given. */
class TransportTest {
    private static final String EPOLL_OR_NIO = Epoll.isAvailable() ? "epoll" : "nio";

    @AfterEach
    void forget() {
        System.clearProperty(Transport.PROPERTY);
    }

    @Test
    void epollUnlessAnotherIsAskedFor() {
        assertThat(Transport.best().name()).isEqualTo(EPOLL_OR_NIO);
    }

    @Test
    void anOperatorMayAskForIoUringOrNio() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThat(Transport.best().name()).isEqualTo(IoUring.isAvailable() ? "io_uring" : EPOLL_OR_NIO);
        System.setProperty(Transport.PROPERTY, "NIO");
        assertThat(Transport.best().name()).isEqualTo("nio");
        assertThat(Transport.best().reusePort()).isFalse();
    }

    @Test
    void aConfigurationWithTlsKeepsEpollEvenWhenIoUringIsAskedFor() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThat(Transport.best(true).name()).isEqualTo(EPOLL_OR_NIO);
    }

    @Test
    void theBenchmarksBackendsKeepOneTransportWhateverTheBalancerTakes() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThat(Transport.epollOrNio().name()).isEqualTo(EPOLL_OR_NIO);
    }

    @Test
    void anIoUringListeningSocketDrainsWhereItAccepts() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        Transport t = Transport.best();
        assertThat(t.movesChannels()).isEqualTo(!t.name().equals("io_uring"));
    }
}
