package io.ganglion.balancer.check;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When one periodic check runs next, on its one event loop: a first run after a delay, then one
 * after each run. Every method but {@link #start} and {@link #stop} is called on that loop, so the
 * fields need no synchronisation.
 */
final class CheckTimer {
    private final EventLoop loop;
    private final Runnable run;
    private ScheduledFuture<?> next;
    private boolean stopped;

    CheckTimer(EventLoop loop, Runnable run) {
        this.loop = loop;
        this.run = run;
    }

    void start(Duration delay) {
        loop.execute(() -> again(delay));
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
        });
    }

    /** Runs the check again after {@code delay}, unless stopped meanwhile. */
    void again(Duration delay) {
        if (!stopped) {
            next = loop.schedule(run, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    boolean stopped() {
        return stopped;
    }
}
