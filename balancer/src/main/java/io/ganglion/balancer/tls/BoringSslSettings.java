package io.ganglion.balancer.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import java.util.List;

/**
 * Sets a line's {@link TlsLibraryOptions} on a BoringSSL context, and tells beforehand whether
 * BoringSSL takes them (HAProxy refuses a bad cipher or curve list once the configuration is read,
 * when it builds its contexts; here a scratch context answers, so the error comes at the same point).
 */
final class BoringSslSettings {
    private BoringSslSettings() {
    }

    /** True when BoringSSL accepts {@code ciphers} as a cipher string. */
    static boolean ciphersAccepted(String ciphers) {
        return onScratchContext(ctx -> SSLContext.setCipherSuite(ctx, ciphers, false));
    }

    /** True when BoringSSL knows every curve of {@code curves}. */
    static boolean curvesAccepted(List<String> curves) {
        return onScratchContext(ctx -> SSLContext.setCurvesList(ctx, curves.toArray(String[]::new)));
    }

    /**
     * Why {@code ciphersuites} cannot be honoured, or null: HAProxy's refusal when it names no TLS 1.3
     * suite, ours when TLS 1.3 is on and the list leaves out a suite BoringSSL always enables.
     */
    static String ciphersuitesProblem(String ciphersuites, boolean tls13Enabled) {
        List<String> names = List.of(ciphersuites.split(":"));
        if (names.stream().noneMatch(TlsLibraryOptions.TLS13_SUITES::contains)) {
            return "unable to set TLS 1.3 cipher suites to '" + ciphersuites + "'";
        }
        if (tls13Enabled && !names.containsAll(TlsLibraryOptions.BORINGSSL_TLS13_SUITES)) {
            return "unable to set TLS 1.3 cipher suites to '" + ciphersuites
                    + "' (BoringSSL always enables TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and"
                    + " TLS_CHACHA20_POLY1305_SHA256; list all three, or disable TLSv1.3 with 'ssl-max-ver TLSv1.2')";
        }
        return null;
    }

    /** Applies the options to a context just built (its engines, made after, inherit them). */
    static void apply(SslContext context, TlsLibraryOptions options) {
        long ctx = tcnativeContext(context);
        try {
            if (options.ciphers() != null && !SSLContext.setCipherSuite(ctx, options.ciphers(), false)) {
                throw new IllegalStateException("cipher list refused: " + options.ciphers());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cipher list refused: " + options.ciphers(), e);
        }
        if (options.curves() != null
                && !SSLContext.setCurvesList(ctx, options.curveNames().toArray(String[]::new))) {
            throw new IllegalStateException("curves list refused: " + options.curves());
        }
        if (options.noTickets()) {
            SSLContext.setOptions(ctx, SSL.SSL_OP_NO_TICKET);
        }
        if (options.preferClientCiphers()) {
            SSLContext.clearOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        }
    }

    /**
     * Applies what netty resets per engine: netty clears {@code SSL_OP_NO_TICKET} on every new
     * engine that may speak TLS 1.3 (its TLS 1.3 resumption needs tickets), so
     * {@code no-tls-tickets} is set again on the engine, before its handshake.
     */
    static void applyToEngine(SslHandler handler, TlsLibraryOptions options) {
        if (options.noTickets() && handler.engine() instanceof ReferenceCountedOpenSslEngine engine) {
            SSL.setOptions(engine.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
    }

    /**
     * The tcnative handle of a netty context (what {@code SSLContext.make} returned, which every
     * {@code SSLContext} call takes). netty keeps it in a protected field and offers only the raw
     * {@code SSL_CTX} pointer ({@code sslCtxPointer()}), which those calls would crash on; netty gives
     * no other way to set an OpenSSL cipher string, a curves list or {@code SSL_OP_NO_TICKET}.
     */
    static long tcnativeContext(SslContext context) {
        try {
            return CONTEXT_HANDLE.getLong(context);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("netty's context handle: " + e.getMessage(), e);
        }
    }

    private static final java.lang.reflect.Field CONTEXT_HANDLE = contextHandle();

    private static java.lang.reflect.Field contextHandle() {
        try {
            java.lang.reflect.Field f = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private interface ContextUse {
        boolean apply(long ctx) throws Exception;
    }

    private static boolean onScratchContext(ContextUse use) {
        OpenSsl.ensureAvailability();
        long ctx;
        try {
            ctx = SSLContext.make(SSL.SSL_PROTOCOL_ALL, SSL.SSL_MODE_SERVER);
        } catch (Exception e) {
            throw new IllegalStateException("BoringSSL context: " + e.getMessage(), e);
        }
        try {
            return use.apply(ctx);
        } catch (Exception e) {
            return false;
        } finally {
            SSLContext.free(ctx);
        }
    }
}
