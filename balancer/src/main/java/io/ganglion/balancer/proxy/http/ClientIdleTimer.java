package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.proxy.LoopClock;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The wait for a client's next request ({@code timeout http-request}, {@code http-keep-alive},
 * {@code client}). Lazy: a request or a response does not cancel and re-schedule it (two
 * priority-queue operations per request on the loop). The deadline says what is due, and a timer
 * that fires early re-arms itself for the rest, so at most one is pending.
 */
final class ClientIdleTimer {
    private final Channel client;
    private final Runnable expired;
    private ScheduledFuture<?> timer;
    /** When the idle connection times out; 0 while a request runs or when no timeout applies. */
    private long deadlineNanos;
    /** When the pending {@link #timer} fires. */
    private long fireNanos;

    ClientIdleTimer(Channel client, Runnable expired) {
        this.client = client;
        this.expired = expired;
    }

    /** Starts waiting {@code d} for a request; a null duration waits for ever. */
    void arm(Duration d) {
        if (d == null) {
            deadlineNanos = 0;
            return;
        }
        deadlineNanos = LoopClock.nanoTime() + d.toNanos();
        // A pending timer due later than the new deadline (a shorter keep-alive timeout than the
        // first request's) is replaced; one due earlier simply re-arms itself when it fires.
        if (timer != null && fireNanos - deadlineNanos > 0) {
            timer.cancel(false);
            timer = null;
        }
        if (timer == null) {
            schedule(d.toNanos());
        }
    }

    /** A request started: the deadline no longer applies (the timer, if pending, will find out). */
    void disarm() {
        deadlineNanos = 0;
    }

    void cancel() {
        deadlineNanos = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(long delayNanos) {
        fireNanos = LoopClock.nanoTime() + delayNanos;
        timer = client.eventLoop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (deadlineNanos == 0) {
            return;
        }
        long early = deadlineNanos - LoopClock.nanoTime();
        if (early > 0) {
            schedule(early);
            return;
        }
        expired.run();
    }
}
