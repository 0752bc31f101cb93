package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which transport the proxies' loops take, and that the one asked for is the one given. */
class TransportTest {
    @AfterEach
    void forget() {
        System.clearProperty(Transport.PROPERTY);
    }

    @Test
    void ioUringComesFirstWhereTheKernelAllowsIt() {
        String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        assertThat(Transport.best().name()).isEqualTo(expected);
    }

    @Test
    void anOperatorMayAskForEpollOrNio() {
        System.setProperty(Transport.PROPERTY, "epoll");
        assertThat(Transport.best().name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
        System.setProperty(Transport.PROPERTY, "NIO");
        assertThat(Transport.best().name()).isEqualTo("nio");
        assertThat(Transport.best().reusePort()).isFalse();
    }

    @Test
    void theBenchmarksBackendsKeepOneTransportWhateverTheBalancerTakes() {
        assertThat(Transport.epollOrNio().name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
    }

    @Test
    void anIoUringListeningSocketDrainsWhereItAccepts() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        Transport t = Transport.best();
        assertThat(t.movesChannels()).isEqualTo(!t.name().equals("io_uring"));
    }

    @Test
    void aConfigurationWithTlsKeepsEpollUnlessIoUringIsAskedForByName() {
        assertThat(Transport.best(true).name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThat(Transport.best(true).name()).isEqualTo(IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio");
    }
}
