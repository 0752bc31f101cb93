package io.ganglion.balancer.runtime;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The balancer's control thread: one event loop that serves every stats socket and applies every
 * change made from them (and slowstart ramps, clearing counters). A command thus runs on the
 * thread that read it, as in HAProxy, with no hand-over to another thread and back; and since one
 * thread applies them, changes from two sessions never interleave.
 *
 * <p>Changes made here may defer the costly part of publishing them (a backend's snapshot
 * rebuild) with {@link #publishBeforeAnswers}: sessions run the pending publications just before
 * they flush answers, so a batch of pipelined changes costs one rebuild, and still no client
 * reads an answer before its effect is visible to the data path.
 *
 * <p>Threading: {@link #publishBeforeAnswers} may be called from any thread; the pending set is
 * touched only on the loop.
 */
public final class ControlLoop implements AutoCloseable {
    private final SocketTransport transport;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Set<Runnable> pending = new LinkedHashSet<>();

    private ControlLoop(SocketTransport transport) {
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ganglion-control", true),
                transport.ioHandlerFactory());
        this.loop = group.next();
    }

    /** A control loop on the best transport of this machine (native epoll on Linux). */
    public static ControlLoop start() {
        return new ControlLoop(SocketTransport.best());
    }

    static ControlLoop start(SocketTransport transport) {
        return new ControlLoop(transport);
    }

    /** The loop as an executor, for timed control work (slowstart ramps) and the socket commands. */
    public ScheduledExecutorService executor() {
        return loop;
    }

    /** The loop itself: stats socket sessions live on it ({@code show sess} asks it for them). */
    public EventLoop eventLoop() {
        return loop;
    }

    SocketTransport transport() {
        return transport;
    }

    EventLoopGroup group() {
        return group;
    }

    /**
     * Runs {@code publication} before the next answer leaves when called on the loop (once, however
     * often it is asked for before then); elsewhere at once. Pass the same instance each time for
     * the same thing to publish.
     */
    public void publishBeforeAnswers(Runnable publication) {
        if (!loop.inEventLoop()) {
            publication.run();
            return;
        }
        if (pending.isEmpty()) {
            // Changes that no session answers for (a timer, a task) are published after the task.
            loop.execute(this::publishPending);
        }
        pending.add(publication);
    }

    /** Runs the deferred publications; sessions call it (on the loop) before flushing answers. */
    void publishPending() {
        while (!pending.isEmpty()) {
            Iterator<Runnable> first = pending.iterator();
            Runnable publication = first.next();
            first.remove();
            publication.run();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
