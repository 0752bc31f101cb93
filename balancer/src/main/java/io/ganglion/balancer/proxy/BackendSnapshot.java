package io.ganglion.balancer.proxy;

import io.ganglion.balancer.lb.ServerSelector;
import io.ganglion.balancer.server.Server;
import java.util.List;

/**
 * What the data path of a backend reads: the servers that take new traffic now and the selector
 * built for them. Immutable; replaced whole on every change of weight or state.
 *
 * @param candidates   usable servers with weight &gt; 0 (the backups when no primary is usable)
 * @param usingBackups true when the candidates are backup servers
 * @param activeUp     usable non-backup servers (weight aside), for messages and stats
 * @param backupUp     usable backup servers
 */
record BackendSnapshot(List<Server> candidates, ServerSelector selector, boolean usingBackups, int activeUp,
        int backupUp) {
}
