package io.ganglion.balancer.proxy;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * The time of an event loop's turn, read from the system at most once per turn, as HAProxy reads
 * its clock once per pass of its poll loop ({@code now_ms}) and every task of the pass uses it.
 *
 * <p>Why: a keep-alive request through the HTTP path reads the clock some fifteen times (when its
 * bytes came, its stream's start, the server connection's activity, the rate counters' seconds,
 * the idle timers), and on a virtual machine each read costs 35-45 ns (the kvm clock through the
 * vDSO; measured 2026-12-04 on the benchmark host): about 2% of the balancer's CPU per request,
 * {@code clock_gettime} in a {@code perf} profile of {@code bench http}.
 *
 * <p>A turn is one call of the loop's {@link IoHandler#run} (the wait for events and their
 * handling), then the tasks that follow it. The clock is forgotten as each begins, so its first
 * read after the wait is fresh, and every later read of the same phase returns the same instant:
 * the handling of one phase is as short as HAProxy's pass (tens to hundreds of microseconds), well
 * under what any timeout or log field resolves. On a thread that is not one of these loops (the
 * control loop, health checks, tests) each read is the system's.
 */
public final class LoopClock {
    private static final FastThreadLocal<LoopClock> OF_THIS_LOOP = new FastThreadLocal<>();

    private long nanos;
    private long millis;
    private boolean nanosRead;
    private boolean millisRead;

    private LoopClock() {
    }

    /** {@link System#nanoTime()} as the calling loop's turn saw it first. */
    public static long nanoTime() {
        LoopClock clock = OF_THIS_LOOP.getIfExists();
        if (clock == null) {
            return System.nanoTime();
        }
        if (!clock.nanosRead) {
            clock.nanos = System.nanoTime();
            clock.nanosRead = true;
        }
        return clock.nanos;
    }

    /** {@link System#currentTimeMillis()} as the calling loop's turn saw it first. */
    public static long currentTimeMillis() {
        LoopClock clock = OF_THIS_LOOP.getIfExists();
        if (clock == null) {
            return System.currentTimeMillis();
        }
        if (!clock.millisRead) {
            clock.millis = System.currentTimeMillis();
            clock.millisRead = true;
        }
        return clock.millis;
    }

    /** A new phase of the turn: the next read asks the system again. */
    private void forget() {
        nanosRead = false;
        millisRead = false;
    }

    /** {@code handlers} whose loops keep a turn clock. */
    static IoHandlerFactory keptBy(IoHandlerFactory handlers) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new Turns(handlers.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return handlers.isChangingThreadSupported();
            }
        };
    }

    /** Forgets the loop's clock before its wait for events and again before its tasks. */
    private static final class Turns implements IoHandler {
        private final IoHandler io;
        private final LoopClock clock = new LoopClock();

        Turns(IoHandler io) {
            this.io = io;
        }

        @Override
        public void initialize() {
            io.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            if (OF_THIS_LOOP.getIfExists() != clock) {
                OF_THIS_LOOP.set(clock); // the thread running the loop, the first time (or after a change of thread)
            }
            clock.forget();
            try {
                return io.run(context);
            } finally {
                clock.forget();
            }
        }

        @Override
        public void prepareToDestroy() {
            io.prepareToDestroy();
        }

        @Override
        public void destroy() {
            OF_THIS_LOOP.remove();
            io.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return io.register(handle);
        }

        @Override
        public void wakeup() {
            io.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return io.isCompatible(handleType);
        }
    }
}
