package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Loops add without a shared write; the sum still counts every add, from loops and other threads alike. */
class LoopCounterTest {
    private static final int ADDS = 200_000;

    @Test
    void everyAddOfLoopsAndOtherThreadsIsCounted() throws Exception {
        LoopCounter counter = new LoopCounter();
        EventLoopGroup loops = new DefaultEventLoopGroup(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                done.add(loops.next().submit(() -> addMany(counter)));
            }
            Thread plain1 = new Thread(() -> addMany(counter));
            Thread plain2 = new Thread(() -> addMany(counter));
            plain1.start();
            plain2.start();
            for (Future<?> f : done) {
                f.get();
            }
            plain1.join();
            plain2.join();
        } finally {
            loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        assertThat(counter.sum()).isEqualTo(5L * ADDS * 3);
    }

    @Test
    void resetCountsFromZeroAgainWithoutTouchingTheLoopsCells() throws Exception {
        LoopCounter counter = new LoopCounter();
        EventLoopGroup loop = new DefaultEventLoopGroup(1);
        try {
            loop.submit(() -> counter.add(40)).get();
            counter.increment();
            counter.reset();
            assertThat(counter.sum()).isZero();
            loop.submit(() -> counter.add(2)).get();
            counter.decrement();
            assertThat(counter.sum()).isEqualTo(1);
        } finally {
            loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    private static void addMany(LoopCounter counter) {
        for (int i = 0; i < ADDS; i++) {
            counter.add(3);
        }
    }
}
