package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A throwaway PKI made once per test JVM with {@code openssl}, laid out as the captures' {@code conf/pki}
 * (a CA, {@code server.pem} with its key, serial 0x1001, {@code server.pem.issuer},
 * {@code server.pem.ocsp} loaded at start, {@code second.ocsp.der} pushed at run time), plus the
 * bad responses HAProxy refuses (another CA's certificate, unknown status, no next update) and,
 * made with BouncyCastle because {@code openssl ocsp} cannot date one in the past, an expired one.
 */
public final class OcspTestPki {

    private final Path dir;

    private OcspTestPki(Path dir) {
        this.dir = dir;
    }

    public static void requireOpenssl() {
        RequiredTool.require(Openssl.present(), "openssl is not installed: skipping");
    }

    private static OcspTestPki shared;

    /** The PKI of this JVM, made on first use: RSA keys are slow to make and no test changes the files. */
    public static synchronized OcspTestPki shared() throws IOException, InterruptedException {
        requireOpenssl();
        if (shared == null) {
            Path dir = Files.createTempDirectory("ganglion-ocsp-pki");
            dir.toFile().deleteOnExit();
            shared = create(dir);
        }
        return shared;
    }

    private static OcspTestPki create(Path dir) throws IOException, InterruptedException {
        OcspTestPki pki = new OcspTestPki(dir);
        Files.writeString(dir.resolve("ext.cnf"), """
                subjectAltName=IP:127.0.0.1,DNS:localhost
                basicConstraints=CA:FALSE
                keyUsage=digitalSignature,keyEncipherment
                extendedKeyUsage=serverAuth
                authorityInfoAccess=OCSP;URI:http://127.0.0.1:18888/
                """);
        Openssl.run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "3650", "-subj", "/CN=golden-test-ca", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.leaf("server", "/CN=127.0.0.1", "0x1001", "ca");
        Files.copy(dir.resolve("ca.pem"), dir.resolve("server.pem.issuer"));
        pki.indexLine("index.txt", "V", "1001", "/CN=127.0.0.1");
        pki.response("server", "ca", "index.txt", "server.pem.ocsp", true);
        pki.response("server", "ca", "index.txt", "second.ocsp.der", true);
        Files.writeString(dir.resolve("empty-index.txt"), "");
        pki.response("server", "ca", "empty-index.txt", "unknown.ocsp", false);
        Openssl.run(dir, "ocsp", "-index", "index.txt", "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem",
                "-reqin", "server.req", "-respout", "nonext.ocsp");
        Openssl.run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out",
                "other-ca.pem", "-days", "3650", "-subj", "/CN=other-ca");
        pki.leaf("other", "/CN=other", "0x2002", "other-ca");
        pki.indexLine("other-index.txt", "V", "2002", "/CN=other");
        pki.response("other", "other-ca", "other-index.txt", "other.ocsp", false);
        return pki;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    /** A good response for the server certificate valid from {@code thisUpdate} to {@code nextUpdate}. */
    public byte[] serverResponse(Instant thisUpdate, Instant nextUpdate) throws Exception {
        X509CertificateHolder ca = certificate("ca.pem");
        X509CertificateHolder server = certificate("server.pem");
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca, server.getSerialNumber());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(ca.getSubject()));
        builder.addResponse(id, CertificateStatus.GOOD, Date.from(thisUpdate), Date.from(nextUpdate), null);
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(privateKey("ca.key"));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                builder.build(signer, new X509CertificateHolder[] {ca}, Date.from(thisUpdate))).getEncoded();
    }

    private X509CertificateHolder certificate(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve(name)); PEMParser p = new PEMParser(r)) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder c) {
                    return c;
                }
            }
        }
        throw new IOException("no certificate in " + name);
    }

    private PrivateKey privateKey(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve(name)); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }

    private void leaf(String name, String subject, String serial, String ca) throws IOException, InterruptedException {
        Openssl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        Openssl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-set_serial", serial, "-days", "3650", "-extfile", "ext.cnf", "-out", name + ".crt");
        Files.writeString(dir.resolve(name + ".pem"),
                Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve(name + ".key")));
        Openssl.run(dir, "ocsp", "-issuer", ca + ".pem", "-cert", name + ".crt", "-reqout", name + ".req");
    }

    private void indexLine(String file, String state, String serial, String subject) throws IOException {
        Files.writeString(dir.resolve(file), state + "\t361121031042Z\t\t" + serial + "\tunknown\t" + subject + "\n");
    }

    private void response(String name, String ca, String index, String out, boolean withCerts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ocsp", "-index", index, "-rsigner", ca + ".pem",
                "-rkey", ca + ".key", "-CA", ca + ".pem", "-reqin", name + ".req", "-respout", out, "-ndays", "30"));
        if (!withCerts) {
            command.add("-resp_no_certs");
        }
        Openssl.run(dir, command.toArray(String[]::new));
    }
}
