package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Where an accepted client connection lives: on the event loop that accepted it (set up in the
 * same turn, no task and no wake-up of another thread), unless that loop already holds more than
 * {@link #SLACK} connections over the least loaded one, which then takes it. The kernel spreads
 * connections over the loops' {@code SO_REUSEPORT} sockets by a hash of their addresses, which is
 * fair on average but not for a few dozen connections; HAProxy 2.6 likewise gives a connection
 * accepted by one thread to a less loaded one. Connections opened one after the other thus still
 * cover every loop, and 50 kept-alive connections on two loops differ by at most {@link #SLACK} + 1.
 *
 * <p>The child group of the listeners' bootstrap: only {@link #register(Channel)} is used (by
 * netty's acceptor, on the accepting loop); {@link #next()} and the executor methods go to the
 * least loaded loop. Counts are atomic (a connection closes on its loop, another loop may read).
 */
final class AcceptingLoopPlacement extends AbstractEventExecutorGroup implements EventLoopGroup {
    /** Connections a loop may hold over the least loaded one and still keep what it accepts. */
    static final int SLACK = 1;

    private final EventLoopGroup loops;
    private final EventLoop[] members;
    private final Map<EventExecutor, Integer> indexes = new IdentityHashMap<>();
    private final AtomicIntegerArray connections;

    AcceptingLoopPlacement(EventLoopGroup loops) {
        this.loops = loops;
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : loops) {
            indexes.put(e, list.size());
            list.add((EventLoop) e);
        }
        this.members = list.toArray(new EventLoop[0]);
        this.connections = new AtomicIntegerArray(members.length);
    }

    @Override
    public ChannelFuture register(Channel channel) {
        int at = place();
        connections.incrementAndGet(at);
        channel.closeFuture().addListener(f -> connections.decrementAndGet(at));
        return members[at].register(channel);
    }

    /** The accepting loop's index when it may keep the connection, else the least loaded loop's. */
    private int place() {
        int least = 0;
        for (int i = 1; i < members.length; i++) {
            if (connections.get(i) < connections.get(least)) {
                least = i;
            }
        }
        for (int i = 0; i < members.length; i++) {
            if (members[i].inEventLoop()) {
                return connections.get(i) <= connections.get(least) + SLACK ? i : least;
            }
        }
        return least;
    }

    @Override
    public EventLoop next() {
        return members[place()];
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return next().register(promise);
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return next().register(channel, promise);
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        return loops.iterator();
    }

    // The loops belong to the balancer, which shuts them down: this view only reports their state.

    @Override
    public boolean isShuttingDown() {
        return loops.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return loops.terminationFuture();
    }

    @Override
    public Future<?> terminationFuture() {
        return loops.terminationFuture();
    }

    @Override
    @Deprecated
    public void shutdown() {
        // see above: not this view's to stop
    }

    @Override
    public boolean isShutdown() {
        return loops.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return loops.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return loops.awaitTermination(timeout, unit);
    }
}
