package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.ganglion.balancer.testing.RequiredTool.require;

import io.ganglion.balancer.testing.TestPki;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RSA private-key operations by the system's OpenSSL 3 ({@link SystemRsaKey}): each TLS signature
 * scheme checked by the JDK's own RSA, the raw decryption of RSA key exchange, and handshakes through
 * a BoringSSL context whose signatures the system library makes ({@link ContextCredential}).
 */
class SystemRsaKeyTest {
    private static CertificateFile rsa;
    private static CertificateFile ecdsa;
    private static final byte[] MESSAGE = "TLS 1.3, server CertificateVerify: the transcript hash".getBytes();

    @BeforeAll
    static void pki() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        // CI installs libssl3 with haproxy and openssl: without it the system library is not used at all
        assertThat(SystemLibCrypto.functions()).as("the system's libcrypto.so.3").isNotNull();
        TestPki pki = TestPki.shared();
        rsa = CertificateFile.load(pki.path("rsa.pem"));
        ecdsa = CertificateFile.load(pki.path("server.pem"));
    }

    @ParameterizedTest
    @CsvSource({"SHA256withRSA, 0x0401", "SHA384withRSA, 0x0501", "SHA512withRSA, 0x0601", "SHA1withRSA, 0x0201"})
    void pkcs1SignaturesVerifyWithTheCertificatesKey(String jdkName, String scheme) throws Exception {
        byte[] signature = SystemRsaKey.of(rsa.key()).sign(0, Integer.decode(scheme), MESSAGE);
        Signature verify = Signature.getInstance(jdkName);
        verify.initVerify(rsa.leaf().getPublicKey());
        verify.update(MESSAGE);
        assertThat(verify.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"SHA-256, 32, 0x0804", "SHA-384, 48, 0x0805", "SHA-512, 64, 0x0806"})
    void pssSignaturesCarryASaltAsLongAsTheHash(String hash, int saltLength, String scheme) throws Exception {
        byte[] signature = SystemRsaKey.of(rsa.key()).sign(0, Integer.decode(scheme), MESSAGE);
        Signature verify = Signature.getInstance("RSASSA-PSS");
        verify.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
        verify.initVerify(rsa.leaf().getPublicKey());
        verify.update(MESSAGE);
        assertThat(verify.verify(signature)).isTrue();
    }

    @Test
    void theSchemeCodesAreTheOnesBoringSslPasses() {
        io.netty.handler.ssl.OpenSsl.ensureAvailability(); // tcnative reads its codes from the library
        assertThat(List.of(SystemRsaKey.RSA_PKCS1_SHA1, SystemRsaKey.RSA_PKCS1_SHA256, SystemRsaKey.RSA_PKCS1_SHA384,
                SystemRsaKey.RSA_PKCS1_SHA512, SystemRsaKey.RSA_PSS_RSAE_SHA256, SystemRsaKey.RSA_PSS_RSAE_SHA384,
                SystemRsaKey.RSA_PSS_RSAE_SHA512, SystemRsaKey.RSA_PKCS1_MD5_SHA1)).containsExactly(
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA1,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA256,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA384,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA512,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA256,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA384,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA512,
                io.netty.internal.tcnative.SSLPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_MD5_SHA1);
    }

    @Test
    void md5Sha1SignatureOfTls11IsTheBareConcatenatedDigests() throws Exception {
        byte[] signature = SystemRsaKey.of(rsa.key()).sign(0, SystemRsaKey.RSA_PKCS1_MD5_SHA1, MESSAGE);
        Cipher open = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        open.init(Cipher.DECRYPT_MODE, rsa.leaf().getPublicKey());
        ByteBuffer expected = ByteBuffer.allocate(36).put(MessageDigest.getInstance("MD5").digest(MESSAGE))
                .put(MessageDigest.getInstance("SHA-1").digest(MESSAGE));
        assertThat(open.doFinal(signature)).isEqualTo(expected.array());
    }

    @Test
    void decryptionIsRawForBoringSslToUnpad() throws Exception {
        RSAPublicKey publicKey = (RSAPublicKey) rsa.leaf().getPublicKey();
        byte[] plain = new BigInteger(2040, new Random(7)).toByteArray(); // below the 2048-bit modulus
        Cipher seal = Cipher.getInstance("RSA/ECB/NoPadding");
        seal.init(Cipher.ENCRYPT_MODE, publicKey);
        byte[] decrypted = SystemRsaKey.of(rsa.key()).decrypt(0, seal.doFinal(plain));
        assertThat(new BigInteger(1, decrypted)).isEqualTo(new BigInteger(1, plain));
    }

    @Test
    void anEcdsaSchemeOrKeyIsNotTheSystemLibrarysToSign() throws Exception {
        assertThatThrownBy(() -> SystemRsaKey.of(rsa.key()).sign(0, 0x0403 /* ecdsa_secp256r1_sha256 */, MESSAGE))
                .isInstanceOf(SSLException.class).hasMessageContaining("0x403");
        assertThat(SystemRsaKey.of(ecdsa.key())).isNull();
        assertThat(SystemRsaKey.handles(ecdsa.key())).isFalse();
        assertThat(SystemRsaKey.handles(rsa.key())).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLS_AES_256_GCM_SHA384", "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLSv1.2, TLS_RSA_WITH_AES_128_GCM_SHA256"})
    void aBoringSslHandshakeSignsOrDecryptsThroughTheSystemLibrary(String protocol, String suite) throws Exception {
        SslContext server = SslContextBuilder.forServer(rsa.key(), rsa.certificates())
                .sslProvider(SslProvider.OPENSSL_REFCNT).protocols("TLSv1.2", "TLSv1.3").build();
        try {
            SystemRsaKey key = SystemRsaKey.of(rsa.key());
            ContextCredential.installSigningElsewhere(server, rsa, key);
            SSLEngine engine = server.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
            KeyOnEngine.of(rsa).apply(engine);
            SSLSession session = handshake(engine, protocol, suite);
            assertThat(session.getProtocol()).isEqualTo(protocol);
            assertThat(session.getCipherSuite()).isEqualTo(suite);
            assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName())
                    .isEqualTo("CN=rsa.test");
            assertThat(session.getPeerCertificates()).as("leaf and chain").hasSize(2);
            assertThat(key.operations()).as("private-key operations by the system library").isEqualTo(1);
        } finally {
            ReferenceCountUtil.release(server);
        }
    }

    /** A JDK client's handshake with {@code serverEngine}, in memory; the client's session. */
    private static SSLSession handshake(SSLEngine serverEngine, String protocol, String suite) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", rsa.chain().get(rsa.chain().size() - 1));
        trust.init(store);
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, trust.getTrustManagers(), null);
        SSLEngine client = jdk.createSSLEngine("rsa.test", 443);
        client.setUseClientMode(true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setCipherSuites(new String[] {suite});
        client.setSSLParameters(parameters);
        serverEngine.setUseClientMode(false);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer scratch = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        serverEngine.beginHandshake();
        for (int turn = 0; turn < 100 && !(finished(client) && finished(serverEngine)); turn++) {
            step(client, toClient, toServer, scratch);
            step(serverEngine, toServer, toClient, scratch);
        }
        assertThat(finished(client)).as("client handshake finished").isTrue();
        return client.getSession();
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    /** One engine's turn: run its tasks, read what came in, write what it has to send. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer scratch) throws SSLException {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        in.flip();
        while (in.hasRemaining()) {
            scratch.clear();
            int before = in.remaining();
            engine.unwrap(in, scratch);
            for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                task.run();
            }
            if (in.remaining() == before) {
                break;
            }
        }
        in.compact();
        for (int i = 0; i < 4; i++) {
            scratch.clear().flip();
            engine.wrap(scratch, out);
            for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                task.run();
            }
        }
    }
}
