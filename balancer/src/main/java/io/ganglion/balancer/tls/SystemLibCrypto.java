package io.ganglion.balancer.tls;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.NativeLongByReference;
import jnr.ffi.byref.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's OpenSSL 3 {@code libcrypto}, for the RSA private-key operations of TLS handshakes
 * ({@link SystemRsaKey}).
 *
 * <p>Why: BoringSSL, which netty-tcnative links statically, has no AVX-512 path for 2048-bit RSA,
 * where OpenSSL 3.0 does; on this project's machines (AMD EPYC with AVX-512 IFMA) BoringSSL signed
 * in about 560 us and OpenSSL 3.0.19 in 250-330 us, so an RSA listener lost a quarter of HAProxy's
 * handshake rate by the library alone (README, "TLS"). BoringSSL lets the signature be made
 * elsewhere (its private-key method, meant for keys held in hardware); the rest of the handshake
 * stays BoringSSL's. Debian 12 installs {@code libssl3} with HAProxy and with {@code openssl}; where
 * it is missing, or is not OpenSSL 3, or {@code -Dganglion.tls.system-crypto=off}, BoringSSL signs
 * as before.
 *
 * <p>Only {@code libcrypto.so.3} is tried: 1.1 has other names for half of these calls.
 */
final class SystemLibCrypto {
    private static final Logger LOG = LoggerFactory.getLogger(SystemLibCrypto.class);
    private static final String LIBRARY = "libcrypto.so.3";
    static final String SWITCH = "ganglion.tls.system-crypto";

    /** The functions used, as OpenSSL 3.0 declares them ({@code size_t} as a native long). */
    public interface Functions {
        long OpenSSL_version_num();

        String OpenSSL_version(int type);

        /** A key from its DER (PKCS #8 here); advances {@code der} past what it read. */
        Pointer d2i_AutoPrivateKey(Pointer into, PointerByReference der, long length);

        void EVP_PKEY_free(Pointer key);

        int EVP_PKEY_get_size(Pointer key);

        Pointer EVP_sha1();

        Pointer EVP_sha256();

        Pointer EVP_sha384();

        Pointer EVP_sha512();

        Pointer EVP_md5_sha1();

        Pointer EVP_MD_CTX_new();

        void EVP_MD_CTX_free(Pointer ctx);

        int EVP_DigestSignInit(Pointer ctx, PointerByReference keyCtx, Pointer digest, Pointer engine, Pointer key);

        int EVP_DigestSign(Pointer ctx, @Out byte[] signature, NativeLongByReference signatureLength,
                @In byte[] message, long messageLength);

        Pointer EVP_PKEY_CTX_new(Pointer key, Pointer engine);

        void EVP_PKEY_CTX_free(Pointer keyCtx);

        int EVP_PKEY_CTX_set_rsa_padding(Pointer keyCtx, int padding);

        int EVP_PKEY_CTX_set_rsa_pss_saltlen(Pointer keyCtx, int saltLength);

        int EVP_PKEY_decrypt_init(Pointer keyCtx);

        int EVP_PKEY_decrypt(Pointer keyCtx, @Out byte[] out, NativeLongByReference outLength,
                @In byte[] in, long inLength);

        long ERR_get_error();

        void ERR_clear_error();

        String ERR_error_string(long code, Pointer buffer);
    }

    private SystemLibCrypto() {
    }

    /** The library's functions, or null when it is not to be used; looked for once, at the first call. */
    static Functions functions() {
        return Loaded.FUNCTIONS;
    }

    /** Initialized at the first {@link #functions()} call, once, by the JVM's class initialization. */
    private static final class Loaded {
        static final Functions FUNCTIONS = load();
    }

    private static Functions load() {
        if ("off".equals(System.getProperty(SWITCH))) {
            LOG.info("RSA private-key operations by BoringSSL (-D{}=off)", SWITCH);
            return null;
        }
        // jnr-ffi's generated stubs need ASM, which the balancer does not carry: calls go through
        // reflection, a few microseconds against a signature's hundreds
        System.setProperty("jnr.ffi.asm.enabled", "false");
        try {
            Functions f = LibraryLoader.create(Functions.class).failImmediately().load(LIBRARY);
            if (f.OpenSSL_version_num() < 0x30000000L) {
                LOG.info("RSA private-key operations by BoringSSL: {} is {}", LIBRARY, f.OpenSSL_version(0));
                return null;
            }
            LOG.info("RSA private-key operations by the system's {} ({}): BoringSSL has no AVX-512 RSA",
                    f.OpenSSL_version(0), LIBRARY);
            return f;
        } catch (LinkageError | RuntimeException e) {
            LOG.info("RSA private-key operations by BoringSSL: no usable {} ({})", LIBRARY, e.getMessage());
            return null;
        }
    }

    /** The library's error queue as one line, emptied (it is per thread and would carry over). */
    static String errors(Functions f) {
        StringBuilder all = new StringBuilder();
        for (long code = f.ERR_get_error(); code != 0; code = f.ERR_get_error()) {
            if (all.length() > 0) {
                all.append("; ");
            }
            all.append(f.ERR_error_string(code, null));
        }
        f.ERR_clear_error();
        return all.length() == 0 ? "no reason given" : all.toString();
    }
}
