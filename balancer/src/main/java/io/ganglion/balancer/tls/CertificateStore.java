package io.ganglion.balancer.tls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The certificate files a balancer has loaded, by path (HAProxy's "ckch store": one entry per file,
 * shared by every {@code bind} line that names it). One store per balancer, kept in the tls
 * package's state ({@link TlsModule#state}).
 *
 * <p>Reads take the current snapshot, an immutable map published through a volatile field, with no
 * lock. {@link #replace} (for {@code commit ssl cert} and {@code set ssl ocsp-response}) publishes a
 * new snapshot, then tells every subscriber ({@link TlsListener}s) which file changed: each
 * listener whose line names that path rebuilds its SSL contexts and SNI table from the new entry
 * and publishes them for the next handshakes; handshakes under way and established connections keep
 * what they started with.
 */
public final class CertificateStore {
    private volatile Map<String, CertificateFile> files = Map.of();
    private final List<Consumer<CertificateFile>> subscribers = new CopyOnWriteArrayList<>();

    /** The loaded file at {@code path} (as written in the configuration), or null. */
    public CertificateFile get(String path) {
        return files.get(path);
    }

    /** Every loaded file, in loading order. */
    public Map<String, CertificateFile> snapshot() {
        return files;
    }

    /** Adds a file read at start; a path already there keeps its first load (HAProxy loads a path once). */
    synchronized CertificateFile addLoaded(CertificateFile file) {
        CertificateFile known = files.get(file.path());
        if (known != null) {
            return known;
        }
        publish(file);
        return file;
    }

    /**
     * Replaces the entry of {@code file.path()} (which must be loaded) and rebuilds the listeners that
     * use it, for handshakes that start after this returns. Control side only.
     *
     * @throws IllegalArgumentException when no file of that path is loaded
     */
    public synchronized void replace(CertificateFile file) {
        if (!files.containsKey(file.path())) {
            throw new IllegalArgumentException("no certificate loaded from " + file.path());
        }
        publish(file);
        for (Consumer<CertificateFile> s : subscribers) {
            s.accept(file);
        }
    }

    /** {@code subscriber} hears of every {@link #replace}, on the thread that replaces. */
    void subscribe(Consumer<CertificateFile> subscriber) {
        subscribers.add(subscriber);
    }

    private void publish(CertificateFile file) {
        Map<String, CertificateFile> next = new LinkedHashMap<>(files);
        next.put(file.path(), file);
        files = java.util.Collections.unmodifiableMap(next);
    }
}
