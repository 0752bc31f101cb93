package io.ganglion.balancer.stats;

import io.ganglion.balancer.proxy.LoopClock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live counters of one frontend, backend or server, as {@code show stat} reports them. Event
 * loops add to them concurrently: {@link LoopCounter}s and atomics, summed when read, never locked.
 */
public final class TrafficCounters {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();
    private final LoopCounter total = new LoopCounter();
    private final LoopCounter bytesIn = new LoopCounter();
    private final LoopCounter bytesOut = new LoopCounter();
    private final LoopCounter requests = new LoopCounter();
    /** Index 0 = 1xx ... 4 = 5xx, 5 = other. */
    private final LoopCounter[] responsesByClass = new LoopCounter[6];
    private final LoopCounter requestErrors = new LoopCounter();
    private final LoopCounter connectionErrors = new LoopCounter();
    private final LoopCounter responseErrors = new LoopCounter();
    private final LoopCounter retries = new LoopCounter();
    private final LoopCounter redispatches = new LoopCounter();
    /** Requests refused by a rule ({@code dreq}): see {@link io.ganglion.balancer.proxy.stream.Denials}. */
    private final LoopCounter deniedRequests = new LoopCounter();
    /** Server responses refused by {@code http-response deny} ({@code dresp}). */
    private final LoopCounter deniedResponses = new LoopCounter();
    /** Requests a frontend answered itself ({@code intercepted}): see {@link io.ganglion.balancer.proxy.stream.Interceptions}. */
    private final LoopCounter interceptedRequests = new LoopCounter();
    private final LoopCounter clientAborts = new LoopCounter();
    private final LoopCounter serverAborts = new LoopCounter();
    private final LoopCounter connectionsTotal = new LoopCounter();
    /** A frontend's connections refused by its {@code tcp-request connection} rules ({@code dcon}). */
    private final LoopCounter deniedConnections = new LoopCounter();
    /** Times a server was picked by the balancing algorithm ({@code lbtot}). */
    private final LoopCounter selections = new LoopCounter();
    /** Connections opened to a server ({@code connect}) and idle ones reused ({@code reuse}). */
    private final LoopCounter connects = new LoopCounter();
    private final LoopCounter reuses = new LoopCounter();
    private final TimeAverage queueTime = new TimeAverage();
    private final TimeAverage connectTime = new TimeAverage();
    private final TimeAverage responseTime = new TimeAverage();
    private final TimeAverage totalTime = new TimeAverage();
    private final RateCounter sessionRate = new RateCounter();
    /** A frontend's accepted connections per second ({@code conn_rate}), refused ones included. */
    private final RateCounter connectionRate = new RateCounter();
    private final RateCounter requestRate = new RateCounter();
    private volatile long lastSessionMillis;

    public TrafficCounters() {
        for (int i = 0; i < responsesByClass.length; i++) {
            responsesByClass[i] = new LoopCounter();
        }
    }

    /** A session (a connection, or a request given a server) starts: both of the two steps below. */
    public void sessionStarted() {
        sessionOpened();
        sessionCounted();
    }

    /**
     * A frontend's connection is current ({@code scur}, {@code smax}) until {@link #sessionEnded}:
     * HAProxy 2.6 counts it from before its {@code tcp-request connection} rules, so a refused
     * connection shows in {@code smax} too.
     */
    public void sessionOpened() {
        AtomicMaximum.raise(max, current.incrementAndGet());
    }

    /**
     * The connection counts as a session ({@code stot}, {@code rate}): for a frontend, once its
     * {@code tcp-request connection} rules let it through (HAProxy 2.6 counts none for a refused one).
     */
    public void sessionCounted() {
        total.increment();
        sessionRate.tick();
        long nowMillis = LoopClock.currentTimeMillis();
        if (lastSessionMillis != nowMillis) { // at most one shared write per millisecond, not one per request
            lastSessionMillis = nowMillis;
        }
    }

    public void sessionEnded() {
        current.decrementAndGet();
    }

    public void connectionAccepted() {
        connectionsTotal.increment();
        connectionRate.tick();
    }

    /** {@code tcp-request connection reject}: a connection that never became a session. */
    public void deniedConnection() {
        deniedConnections.increment();
    }

    public void requestReceived() {
        requests.increment();
        requestRate.tick();
    }

    public void response(int status) {
        int cls = status / 100;
        responsesByClass[cls >= 1 && cls <= 5 ? cls - 1 : 5].increment();
    }

    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    public void requestError() {
        requestErrors.increment();
    }

    public void connectionError() {
        connectionErrors.increment();
    }

    public void responseError() {
        responseErrors.increment();
    }

    public void retry() {
        retries.increment();
    }

    public void redispatch() {
        redispatches.increment();
    }

    public void deniedRequest() {
        deniedRequests.increment();
    }

    public void deniedResponse() {
        deniedResponses.increment();
    }

    public void interceptedRequest() {
        interceptedRequests.increment();
    }

    public void clientAbort() {
        clientAborts.increment();
    }

    public void serverAbort() {
        serverAborts.increment();
    }

    /** A server was picked for a request or connection, after {@code queueMillis} in the queue. */
    public void selected(long queueMillis) {
        selections.increment();
        queueTime.add(queueMillis);
    }

    /** A new connection to a server was established in {@code connectMillis}. */
    public void connected(long connectMillis) {
        connects.increment();
        connectTime.add(connectMillis);
    }

    /** An idle server connection was reused instead of opening one. */
    public void reused() {
        reuses.increment();
    }

    /** Time to the first byte of a server's response. */
    public void responseTime(long millis) {
        responseTime.add(millis);
    }

    /** Whole duration of a session (TCP) or request (HTTP). */
    public void totalTime(long millis) {
        totalTime.add(millis);
    }

    public long selections() {
        return selections.sum();
    }

    public long connects() {
        return connects.sum();
    }

    public long reuses() {
        return reuses.sum();
    }

    public TimeAverage queueTime() {
        return queueTime;
    }

    public TimeAverage connectTime() {
        return connectTime;
    }

    public TimeAverage responseTime() {
        return responseTime;
    }

    public TimeAverage totalTime() {
        return totalTime;
    }

    public int current() {
        return current.get();
    }

    public int max() {
        return max.get();
    }

    public long total() {
        return total.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long requests() {
        return requests.sum();
    }

    /** Responses of class {@code cls} (1..5), or 0 for "other". */
    public long responses(int cls) {
        return responsesByClass[cls >= 1 && cls <= 5 ? cls - 1 : 5].sum();
    }

    public long requestErrors() {
        return requestErrors.sum();
    }

    public long connectionErrors() {
        return connectionErrors.sum();
    }

    public long responseErrors() {
        return responseErrors.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long redispatches() {
        return redispatches.sum();
    }

    public long deniedRequests() {
        return deniedRequests.sum();
    }

    public long deniedResponses() {
        return deniedResponses.sum();
    }

    public long interceptedRequests() {
        return interceptedRequests.sum();
    }

    public long clientAborts() {
        return clientAborts.sum();
    }

    public long serverAborts() {
        return serverAborts.sum();
    }

    public long connectionsTotal() {
        return connectionsTotal.sum();
    }

    public long deniedConnections() {
        return deniedConnections.sum();
    }

    public RateCounter sessionRate() {
        return sessionRate;
    }

    public RateCounter connectionRate() {
        return connectionRate;
    }

    public RateCounter requestRate() {
        return requestRate;
    }

    public long lastSessionMillis() {
        return lastSessionMillis;
    }

    /**
     * {@code clear counters}: the maxima only; {@code clear counters all}: every counter. Current
     * sessions are a state, not a counter, and are never cleared.
     */
    public void clear(boolean all) {
        max.set(current.get());
        sessionRate.clearMax();
        connectionRate.clearMax();
        requestRate.clearMax();
        for (TimeAverage t : times()) {
            t.clearMax();
        }
        if (!all) {
            return;
        }
        for (TimeAverage t : times()) {
            t.clear();
        }
        for (LoopCounter a : new LoopCounter[] {total, bytesIn, bytesOut, requests, requestErrors, connectionErrors,
                responseErrors, retries, redispatches, deniedRequests, deniedResponses, interceptedRequests, clientAborts,
                serverAborts, connectionsTotal, deniedConnections, selections, connects, reuses}) {
            a.reset();
        }
        for (LoopCounter a : responsesByClass) {
            a.reset();
        }
    }

    private TimeAverage[] times() {
        return new TimeAverage[] {queueTime, connectTime, responseTime, totalTime};
    }
}
