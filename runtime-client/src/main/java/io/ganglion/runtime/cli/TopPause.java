package io.ganglion.runtime.cli;

import java.io.IOException;
import java.time.Duration;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The wait between two tables of {@code ctl top}, during which a key ends it: {@code q} (or
 * {@code Q}, or Ctrl-C, which raw mode delivers as a byte) quits, as in {@code top(1)}. The
 * terminal is in raw mode meanwhile, so the key needs no Enter and is not echoed. Input that has
 * ended (a pipe, {@code /dev/null}) leaves the wait to its timer.
 */
final class TopPause implements AutoCloseable {
    private static final int CTRL_C = 3;

    private final NonBlockingReader keys;
    private final Terminal terminal;
    private final Attributes saved;
    private boolean inputEnded;

    TopPause(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        this.keys = terminal.reader();
    }

    /** Waits {@code wait}; true when the operator asked to quit meanwhile. */
    boolean quitWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return false;
            }
            if (inputEnded) {
                Thread.sleep(leftMillis); // the sampling period itself, not a synchronisation
                return false;
            }
            int key;
            try {
                key = keys.read(leftMillis);
            } catch (IOException e) {
                inputEnded = true;
                continue;
            }
            if (key == NonBlockingReader.READ_EXPIRED) {
                return false;
            }
            if (key == NonBlockingReader.EOF) {
                inputEnded = true;
            } else if (key == 'q' || key == 'Q' || key == CTRL_C) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        terminal.setAttributes(saved);
    }
}
