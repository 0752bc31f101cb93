package io.ganglion.registry;

/**
 * Receives whole snapshots of one service. Calls for one watcher come one at a time, in order, on the
 * watcher's delivery thread; a slow listener makes the watcher skip intermediate snapshots (it always
 * gets the newest), never queue them up. An exception thrown here is logged and does not stop later
 * deliveries.
 */
@FunctionalInterface
public interface SnapshotListener {
    void onSnapshot(ServiceSnapshot snapshot);
}
