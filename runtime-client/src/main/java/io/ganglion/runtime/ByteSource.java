package io.ganglion.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where answers are read from: a socket in production, a byte array in framing tests. */
@FunctionalInterface
interface ByteSource {
    /** Reads at least one byte into {@code into}, or returns -1 at end of stream. */
    int read(ByteBuffer into) throws IOException;
}
