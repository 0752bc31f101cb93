package io.ganglion.agent;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things to close, closed in the reverse order of their opening: what was started last depends
 * on what was started first. A failure to close one is logged and the others are still closed.
 * Not thread-safe: used by whoever starts the components.
 */
public final class Shutdown implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final List<AutoCloseable> opened = new ArrayList<>();

    public <T extends AutoCloseable> T add(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                log.warn("closing {}: {}", opened.get(i), e.toString());
            }
        }
        opened.clear();
    }
}
