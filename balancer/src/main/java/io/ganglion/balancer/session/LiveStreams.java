package io.ganglion.balancer.session;

import io.ganglion.balancer.server.Server;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live streams of one event loop, by id (HAProxy keeps one list per thread too). A stream
 * enters when a server is assigned to it and leaves when it ends: one map insertion and one
 * removal on its own loop, no lock and no write another thread sees. Whoever needs every stream
 * (the socket commands) runs a task on each loop and reads there.
 */
public final class LiveStreams {
    /** Each loop's ids start at its own multiple of this: unique without a counter shared by the loops. */
    private static final long IDS_PER_LOOP = 1L << 40;
    private static final AtomicLong LOOPS = new AtomicLong();

    private static final FastThreadLocal<LiveStreams> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected LiveStreams initialValue() {
            return new LiveStreams();
        }
    };

    /** Insertion order: the order {@code show sess} will list them in. */
    private final Map<Long, LiveStream> streams = new LinkedHashMap<>();
    private long nextId;

    private LiveStreams() {
        nextId = LOOPS.incrementAndGet() * IDS_PER_LOOP;
    }

    /** The registry of the calling event loop. */
    public static LiveStreams current() {
        return PER_LOOP.get();
    }

    /** A new stream id, for a stream of this loop; ids are never reused while the process runs. */
    public long nextId() {
        return nextId++;
    }

    public void add(LiveStream stream) {
        streams.put(stream.id(), stream);
    }

    public void remove(LiveStream stream) {
        streams.remove(stream.id(), stream);
    }

    /** Cuts every stream of this loop served by {@code server}; @return how many */
    public int killServedBy(Server server) {
        List<LiveStream> doomed = new ArrayList<>();
        for (LiveStream stream : streams.values()) {
            if (stream.server() == server) {
                doomed.add(stream);
            }
        }
        // Collected first: each kill removes its stream from the map.
        doomed.forEach(LiveStream::kill);
        return doomed.size();
    }

    public int size() {
        return streams.size();
    }
}
