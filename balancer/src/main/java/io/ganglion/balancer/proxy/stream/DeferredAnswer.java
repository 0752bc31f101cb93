package io.ganglion.balancer.proxy.stream;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * A local answer made off the event loop: one that takes long to make (the metrics of 10,000
 * servers) would otherwise hold every other stream of the loop while it is made. The session waits
 * for {@link #made()} without reading further from the client, then writes the answer on its own
 * loop as any other; if the client left meanwhile, the answer is dropped, so it must hold no
 * pooled buffer (its response is made when written).
 */
public final class DeferredAnswer implements LocalAnswer {
    private final CompletionStage<LocalAnswer> made;

    /** @param made completes, on any thread, with the answer to write */
    public DeferredAnswer(CompletionStage<LocalAnswer> made) {
        this.made = made;
    }

    public CompletionStage<LocalAnswer> made() {
        return made;
    }

    /** Not known yet: the session asks the answer {@link #made()} instead. */
    @Override
    public int status() {
        throw new IllegalStateException("a deferred answer's status is the one of the answer it makes");
    }

    @Override
    public boolean keepsConnection() {
        throw new IllegalStateException("a deferred answer is written once made");
    }

    @Override
    public FullHttpResponse response(boolean keepAlive) {
        throw new IllegalStateException("a deferred answer is written once made");
    }
}
