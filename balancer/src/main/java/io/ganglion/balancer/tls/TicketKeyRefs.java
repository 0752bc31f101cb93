package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The balancer's ticket key references, as HAProxy numbers them for {@code show tls-keys}: one per
 * {@code tls-ticket-keys} file (binds naming the same file share it). HAProxy puts each new file at
 * the head of its list, then numbers the list from 0 once the configuration is read, so the file
 * that appears last is {@code #0} and is listed first (seen with HAProxy 2.6). Each holds its current ring, replaced on {@code set ssl tls-key} (control
 * side) and passed to the listeners that use the file.
 */
final class TicketKeyRefs {
    /** One reference: its id, its file, its ring now and the listeners that use it. */
    static final class Ref {
        /** Given once every reference is known; only read after start. */
        int id;
        final String path;
        private volatile TicketKeyRing ring;
        private final List<TlsListener> listeners = new ArrayList<>();

        Ref(int id, String path, TicketKeyRing ring) {
            this.id = id;
            this.path = path;
            this.ring = ring;
        }

        TicketKeyRing ring() {
            return ring;
        }

        /** {@code set ssl tls-key}: rotates the ring and gives it to every listener of the file. */
        synchronized void rotate(TicketKey key) {
            ring = ring.rotate(key);
            for (TlsListener l : listeners) {
                l.ticketKeysChanged(ring);
            }
        }
    }

    private final List<Ref> refs = new ArrayList<>();

    /** The reference of {@code file}, made on first use with the file's ring. */
    synchronized Ref of(TicketKeyFile file) {
        for (Ref r : refs) {
            if (r.path.equals(file.path())) {
                return r;
            }
        }
        Ref r = new Ref(0, file.path(), file.ring());
        refs.add(0, r);
        for (int i = 0; i < refs.size(); i++) {
            refs.get(i).id = i;
        }
        return r;
    }

    synchronized void attach(Ref ref, TlsListener listener) {
        ref.listeners.add(listener);
    }

    synchronized List<Ref> all() {
        return List.copyOf(refs);
    }

    synchronized Ref byId(int id) {
        for (Ref r : refs) {
            if (r.id == id) {
                return r;
            }
        }
        return null;
    }

    synchronized Ref byPath(String path) {
        for (Ref r : refs) {
            if (r.path.equals(path)) {
                return r;
            }
        }
        return null;
    }
}
