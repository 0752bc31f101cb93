package io.ganglion.balancer.tls;

import java.lang.ref.Cleaner;

/**
 * Frees native objects held by Java ones (a chain parsed by BoringSSL, a key held by the system's
 * libcrypto) once their holder is unreachable. One cleaner for the package: each cleaner is a thread.
 */
final class NativeFrees {
    private static final Cleaner CLEANER = Cleaner.create();

    private NativeFrees() {
    }

    /** Runs {@code free} after {@code holder} becomes unreachable; {@code free} must not refer to it. */
    static void whenUnreachable(Object holder, Runnable free) {
        CLEANER.register(holder, free);
    }
}
