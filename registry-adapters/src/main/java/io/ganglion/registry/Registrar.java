package io.ganglion.registry;

/**
 * Publishes this host's own instance of a service in a registry while it is healthy.
 *
 * <p>The agent's health checks decide what healthy means and report it with
 * {@link #reportHealth(boolean)}; the registrar starts out unhealthy, so nothing is published before
 * the first healthy report. {@link #close()} withdraws the instance. Every failure to publish or to
 * withdraw is retried with back-off, and {@link #status()} says so meanwhile. Each implementation
 * documents how it keeps the registration alive across registry trouble.
 */
public interface Registrar extends AutoCloseable {

    /** Starts the registrar (unhealthy until told otherwise). @throws IllegalStateException if started or closed */
    void start();

    /**
     * Reports the result of the latest health check. Reporting the same value again is harmless.
     * @throws IllegalStateException if not started, or closed
     */
    void reportHealth(boolean healthy);

    /**
     * The truth about the registration as this registrar last learned it: published, withdrawn, or
     * retrying with the last error. Never blocks; callable from any thread.
     */
    RegistrarStatus status();

    /** Withdraws the registration and stops; idempotent. */
    @Override
    void close();
}
