package io.ganglion.registry.consul;

/**
 * Consul's documented rules for the {@code index} of the next blocking query, from the
 * {@code X-Consul-Index} of the last answer (developer.hashicorp.com, "Blocking Queries",
 * "Implementation details"):
 * <ul>
 *   <li>an index that went backwards (a restored snapshot, a new leader) resets to 0, so the next
 *       query returns at once with the current state;
 *   <li>an index below 1 is never sent as is: 1 is sent instead, otherwise the query returns at once,
 *       every time, and the watcher spins;
 *   <li>a missing header leaves nothing to block on: 0 (the caller's rate limit stops a spin).
 * </ul>
 */
final class BlockingIndex {

    private BlockingIndex() {
    }

    static long next(long previous, Long header) {
        if (header == null) {
            return 0;
        }
        if (header < previous) {
            return 0;
        }
        return Math.max(1, header);
    }
}
