package io.ganglion.balancer.tls;

import io.netty.internal.tcnative.SSLPrivateKeyMethod;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.NativeLongByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * An RSA private key held by the system's OpenSSL 3 ({@link SystemLibCrypto}), making the signatures
 * (and, for RSA key exchange, the decryptions) of one context's handshakes in BoringSSL's stead.
 *
 * <p>BoringSSL hands over the message and the TLS signature scheme; the scheme says the hash and the
 * padding (PKCS #1 v1.5, or PSS with a salt as long as the hash, as TLS 1.3 requires). Calls come from
 * the event loops at once: OpenSSL 3 signs with one key from several threads, each call with its own
 * digest context. The key is freed when the context that holds this object is gone.
 */
final class SystemRsaKey implements SSLPrivateKeyMethod {
    private static final int PKCS1_PADDING = 1;
    private static final int NO_PADDING = 3;
    private static final int PSS_PADDING = 6;
    private static final int SALT_AS_LONG_AS_DIGEST = -1;
    // TLS SignatureScheme codes (RFC 8446 4.2.3; MD5_SHA1 is BoringSSL's own for TLS 1.0 and 1.1), the
    // values BoringSSL passes. Not tcnative's SSL_SIGN_* fields: those are read from the native library
    // when the interface initializes, and touched before tcnative is loaded they fail that
    // initialization for good.
    static final int RSA_PKCS1_SHA1 = 0x0201;
    static final int RSA_PKCS1_SHA256 = 0x0401;
    static final int RSA_PKCS1_SHA384 = 0x0501;
    static final int RSA_PKCS1_SHA512 = 0x0601;
    static final int RSA_PSS_RSAE_SHA256 = 0x0804;
    static final int RSA_PSS_RSAE_SHA384 = 0x0805;
    static final int RSA_PSS_RSAE_SHA512 = 0x0806;
    static final int RSA_PKCS1_MD5_SHA1 = 0xff01;

    private final SystemLibCrypto.Functions lib;
    private final Pointer key;
    private final int size;
    private final LongAdder operations = new LongAdder();

    private SystemRsaKey(SystemLibCrypto.Functions lib, Pointer key) {
        this.lib = lib;
        this.key = key;
        this.size = lib.EVP_PKEY_get_size(key);
        NativeFrees.whenUnreachable(this, () -> lib.EVP_PKEY_free(key));
    }

    /**
     * The system library's copy of {@code key}, or null when BoringSSL keeps the key: it is not RSA,
     * or the system library is not there.
     */
    static SystemRsaKey of(PrivateKey key) throws SSLException {
        if (!handles(key)) {
            return null;
        }
        SystemLibCrypto.Functions lib = SystemLibCrypto.functions();
        byte[] der = key.getEncoded(); // PKCS #8
        Pointer bytes = Memory.allocateDirect(jnr.ffi.Runtime.getRuntime(lib), der.length);
        bytes.put(0, der, 0, der.length);
        try {
            Pointer parsed = lib.d2i_AutoPrivateKey(null, new PointerByReference(bytes), der.length);
            if (parsed == null) {
                throw new SSLException("the system's libcrypto refused the RSA key: " + SystemLibCrypto.errors(lib));
            }
            return new SystemRsaKey(lib, parsed);
        } finally {
            bytes.setMemory(0, der.length, (byte) 0); // the key's bytes do not wait for the collector
        }
    }

    /**
     * True when the system library is to hold {@code key} and make its signatures: an RSA key, where
     * the library is there. A context of such a key gets a private-key method ({@link ContextCredential})
     * and its connections their chain and staple ({@link KeyOnEngine}).
     */
    static boolean handles(PrivateKey key) {
        return key instanceof RSAPrivateKey && SystemLibCrypto.functions() != null;
    }

    /** Private-key operations made so far (what shows that the system library, not BoringSSL, made them). */
    long operations() {
        return operations.sum();
    }

    @Override
    public byte[] sign(long ssl, int scheme, byte[] message) throws SSLException {
        Pointer digest = digest(scheme);
        Pointer ctx = lib.EVP_MD_CTX_new();
        try {
            PointerByReference keyCtx = new PointerByReference();
            if (lib.EVP_DigestSignInit(ctx, keyCtx, digest, null, key) != 1
                    || lib.EVP_PKEY_CTX_set_rsa_padding(keyCtx.getValue(), pss(scheme) ? PSS_PADDING : PKCS1_PADDING) <= 0
                    || pss(scheme) && lib.EVP_PKEY_CTX_set_rsa_pss_saltlen(keyCtx.getValue(), SALT_AS_LONG_AS_DIGEST) <= 0) {
                throw new SSLException("RSA signature (scheme 0x" + Integer.toHexString(scheme) + "): "
                        + SystemLibCrypto.errors(lib));
            }
            byte[] signature = new byte[size];
            NativeLongByReference length = new NativeLongByReference(size);
            if (lib.EVP_DigestSign(ctx, signature, length, message, message.length) != 1) {
                throw new SSLException("RSA signature: " + SystemLibCrypto.errors(lib));
            }
            operations.increment();
            return trimmed(signature, length.intValue());
        } finally {
            lib.EVP_MD_CTX_free(ctx);
        }
    }

    /** RSA key exchange (TLS 1.2's {@code RSA} suites): the raw decryption; BoringSSL checks the padding. */
    @Override
    public byte[] decrypt(long ssl, byte[] input) throws SSLException {
        Pointer ctx = lib.EVP_PKEY_CTX_new(key, null);
        try {
            if (ctx == null || lib.EVP_PKEY_decrypt_init(ctx) != 1
                    || lib.EVP_PKEY_CTX_set_rsa_padding(ctx, NO_PADDING) <= 0) {
                throw new SSLException("RSA decryption: " + SystemLibCrypto.errors(lib));
            }
            byte[] out = new byte[size];
            NativeLongByReference length = new NativeLongByReference(size);
            if (lib.EVP_PKEY_decrypt(ctx, out, length, input, input.length) != 1) {
                throw new SSLException("RSA decryption: " + SystemLibCrypto.errors(lib));
            }
            operations.increment();
            return trimmed(out, length.intValue());
        } finally {
            if (ctx != null) {
                lib.EVP_PKEY_CTX_free(ctx);
            }
        }
    }

    private Pointer digest(int scheme) throws SSLException {
        return switch (scheme) {
            case RSA_PKCS1_SHA256, RSA_PSS_RSAE_SHA256 -> lib.EVP_sha256();
            case RSA_PKCS1_SHA384, RSA_PSS_RSAE_SHA384 -> lib.EVP_sha384();
            case RSA_PKCS1_SHA512, RSA_PSS_RSAE_SHA512 -> lib.EVP_sha512();
            case RSA_PKCS1_SHA1 -> lib.EVP_sha1();
            case RSA_PKCS1_MD5_SHA1 -> lib.EVP_md5_sha1();
            default -> throw new SSLException("RSA key asked for signature scheme 0x" + Integer.toHexString(scheme));
        };
    }

    private static boolean pss(int scheme) {
        return scheme == RSA_PSS_RSAE_SHA256 || scheme == RSA_PSS_RSAE_SHA384 || scheme == RSA_PSS_RSAE_SHA512;
    }

    private static byte[] trimmed(byte[] bytes, int length) {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
