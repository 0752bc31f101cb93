package io.ganglion.balancer.session;

import io.ganglion.balancer.server.Server;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live streams of one event loop, by id (HAProxy keeps one list per thread too). A stream
 * enters when it begins (see {@link LiveStream}) and leaves when it ends: one map insertion and one
 * removal on its own loop, no lock and no write another thread sees. Whoever needs every stream
 * (the socket commands) runs a task on each loop and reads there.
 */
public final class LiveStreams {
    /** Each loop's ids start at its own multiple of this: unique without a counter shared by the loops. */
    static final long IDS_PER_LOOP = 1L << 52;
    /**
     * Ids are spaced like the addresses of HAProxy's stream structures, which {@code show sess}
     * prints as the ids: the sub-objects of the detailed block get addresses inside that space
     * ({@link ShowSessFormat}), never another stream's id. 2^42 streams per loop before a reuse.
     */
    static final long ID_STEP = 1L << 10;
    private static final AtomicLong LOOPS = new AtomicLong();

    private static final FastThreadLocal<LiveStreams> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected LiveStreams initialValue() {
            return new LiveStreams();
        }
    };

    /**
     * Keyed by {@link #key}: the ids themselves, multiples of 2^10, would crowd a few slots. Listed
     * by id, the order of arrival, which {@code show sess} keeps.
     */
    private final StreamsByKey streams = new StreamsByKey();
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
        long id = nextId;
        nextId += ID_STEP;
        return id;
    }

    public void add(LiveStream stream) {
        streams.put(key(stream.id()), stream);
    }

    public void remove(LiveStream stream) {
        streams.remove(key(stream.id()), stream);
    }

    /** Cuts every stream of this loop served by {@code server}; @return how many */
    public int killServedBy(Server server) {
        List<LiveStream> doomed = new ArrayList<>();
        for (LiveStream stream : streams.inOrder()) {
            if (stream.server() == server) {
                doomed.add(stream);
            }
        }
        // Collected first: each kill removes its stream from the map.
        doomed.forEach(LiveStream::kill);
        return doomed.size();
    }

    /** {@code show sess}: what each stream of this loop shows now, oldest first. */
    public List<StreamSnapshot> snapshot() {
        List<StreamSnapshot> all = new ArrayList<>(streams.size());
        for (LiveStream stream : streams.inOrder()) {
            all.add(stream.snapshot());
        }
        return all;
    }

    /** The stream's rank among this loop's ids: consecutive streams get consecutive keys. */
    private static long key(long id) {
        return id / ID_STEP;
    }

    /** The stream with exactly that id: one between two streams' ids (a sub-object's address) is none. */
    private LiveStream find(long id) {
        return id % ID_STEP != 0 ? null : streams.get(key(id));
    }

    /** {@code show sess ID}: the stream of this loop with that id, if any. */
    public Optional<StreamSnapshot> snapshot(long id) {
        return Optional.ofNullable(find(id)).map(LiveStream::snapshot);
    }

    /** {@code shutdown session ID}: cuts the stream of this loop with that id; @return whether there was one */
    public boolean kill(long id) {
        LiveStream stream = find(id);
        if (stream == null) {
            return false;
        }
        stream.kill();
        return true;
    }

    public int size() {
        return streams.size();
    }
}
