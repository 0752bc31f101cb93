package io.ganglion.balancer.session;

import io.ganglion.balancer.session.ErrorSnapshot.Direction;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last invalid request and the last invalid response of each proxy ({@code show errors}):
 * requests are kept by the frontend that refused them, responses by the backend, as HAProxy does.
 *
 * <p>Only the error path writes here: valid traffic never reaches this class. Each proxy's two
 * captures are immutable snapshots behind volatile references, replaced whole, so a reader (the
 * socket command, on another thread) sees a complete capture or the previous one, never a mix,
 * and no lock is taken. The event counter is process-wide, like HAProxy's error counter.
 */
public final class ErrorCaptures {
    /**
     * The most bytes of a message kept: what HAProxy 2.6 shows of a head that filled its buffer
     * (16384 bytes less what it keeps for its own use; measured with an oversize head).
     */
    public static final int CAPTURE_LIMIT = 16320;

    private final AtomicInteger events = new AtomicInteger();
    private final ConcurrentMap<String, ProxyErrors> byProxy = new ConcurrentHashMap<>();

    /** A proxy's two captures; each reference is replaced whole. */
    private static final class ProxyErrors {
        volatile ErrorSnapshot request;
        volatile ErrorSnapshot response;
    }

    /** Keeps an invalid request refused by {@code frontend}. */
    public void request(String frontend, InetSocketAddress source, byte[] bytes, ParseStop stop) {
        ErrorSnapshot s = new ErrorSnapshot(System.currentTimeMillis(), events.getAndIncrement(), Direction.REQUEST,
                frontend, null, null, -1, source, bounded(bytes), stop);
        errorsOf(frontend).request = s;
    }

    /** Keeps an invalid response that {@code server} of {@code backend} sent to a client of {@code frontend}. */
    public void response(String backend, String frontend, String server, int serverId, InetSocketAddress source,
            byte[] bytes, ParseStop stop) {
        ErrorSnapshot s = new ErrorSnapshot(System.currentTimeMillis(), events.getAndIncrement(), Direction.RESPONSE,
                backend, frontend, server, serverId, source, bounded(bytes), stop);
        errorsOf(backend).response = s;
    }

    /** How many invalid messages were captured since the start ({@code Total events captured}). */
    public int total() {
        return events.get();
    }

    public Optional<ErrorSnapshot> lastRequest(String proxy) {
        ProxyErrors e = byProxy.get(proxy);
        return Optional.ofNullable(e == null ? null : e.request);
    }

    public Optional<ErrorSnapshot> lastResponse(String proxy) {
        ProxyErrors e = byProxy.get(proxy);
        return Optional.ofNullable(e == null ? null : e.response);
    }

    private ProxyErrors errorsOf(String proxy) {
        return byProxy.computeIfAbsent(proxy, p -> new ProxyErrors());
    }

    private static byte[] bounded(byte[] bytes) {
        return bytes.length <= CAPTURE_LIMIT ? bytes : Arrays.copyOf(bytes, CAPTURE_LIMIT);
    }
}
