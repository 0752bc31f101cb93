package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away PKI made with {@code openssl} once per test JVM (keys are slow to make; every TLS test
 * shares it), in a temporary directory:
 * <ul>
 *   <li>{@code ca.pem}/{@code ca.key}: the CA that signs the rest;</li>
 *   <li>{@code other-ca.pem}: a CA that signed none of them (a server verified against it is refused);</li>
 *   <li>{@code server.pem}: ECDSA P-256 leaf for {@code localhost} and {@code *.example.test}, its
 *       key and the CA in one PEM (HAProxy's usual {@code crt} file);</li>
 *   <li>{@code rsa.pem}: RSA 2048 leaf for {@code rsa.test};</li>
 *   <li>{@code split.pem} + {@code split.pem.key}: a leaf for {@code split.test} with its key apart;</li>
 *   <li>{@code client.pem}: a client certificate ({@code CN=client}), key included;</li>
 *   <li>{@code revoked.pem}: a client certificate ({@code CN=revoked}), key included, that
 *       {@code crl.pem} (the CA's CRL, made with {@code openssl ca -gencrl}) revokes;</li>
 *   <li>{@code mismatch.pem}: the ECDSA leaf with the RSA key; {@code keyonly.pem}: a key alone;</li>
 *   <li>{@code ticket-keys}: three random 48-byte ticket keys, base64, one a line.</li>
 * </ul>
 */
public final class TestPki {
    private static TestPki shared;
    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** True when {@code openssl} can be run (the PKI needs it). */
    public static boolean opensslPresent() {
        return Openssl.present();
    }

    /** The PKI of this JVM, made on first use. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("ganglion-pki");
                dir.toFile().deleteOnExit();
                shared = new TestPki(dir);
                shared.make();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public Path dir() {
        return dir;
    }

    /** A file of the PKI, as an absolute path string for a configuration. */
    public String path(String name) {
        return dir.resolve(name).toString();
    }

    /** A fresh random ticket key, base64 of 48 bytes. */
    public static String newTicketKey() {
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private void make() throws IOException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/CN=Ganglion Test CA", "-days", "30");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "other-ca.key",
                "-out", "other-ca.pem", "-subj", "/CN=Other CA", "-days", "30");
        leaf("server", "ec", "/CN=localhost", "DNS:localhost,DNS:*.example.test");
        leaf("rsa", "rsa", "/CN=rsa.test", "DNS:rsa.test");
        leaf("split", "ec", "/CN=split.test", "DNS:split.test");
        leaf("client", "ec", "/CN=client", null);
        concat("server.pem", "server.crt", "server.key", "ca.pem");
        concat("rsa.pem", "rsa.crt", "rsa.key", "ca.pem");
        concat("client.pem", "client.crt", "client.key");
        leaf("revoked", "ec", "/CN=revoked", null);
        concat("revoked.pem", "revoked.crt", "revoked.key");
        revocationList("revoked.crt");
        concat("split.pem", "split.crt");
        concat("split.pem.key", "split.key");
        concat("mismatch.pem", "server.crt", "rsa.key");
        concat("keyonly.pem", "server.key");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(newTicketKey());
        }
        Files.write(dir.resolve("ticket-keys"), keys);
    }

    private void leaf(String name, String type, String subject, String altNames) throws IOException {
        List<String> req = new ArrayList<>(List.of("req", "-newkey", type.equals("ec") ? "ec" : "rsa:2048"));
        if (type.equals("ec")) {
            req.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        req.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject));
        openssl(req.toArray(String[]::new));
        Files.writeString(dir.resolve(name + ".ext"), altNames == null ? "basicConstraints=CA:FALSE\n"
                : "basicConstraints=CA:FALSE\nsubjectAltName=" + altNames + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "30", "-extfile", name + ".ext");
    }

    /** {@code crl.pem}: the CA's CRL revoking {@code certificate}, through a minimal {@code openssl ca} setup. */
    private void revocationList(String certificate) throws IOException {
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\n"
                + "crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\ncertificate = ca.pem\n"
                + "private_key = ca.key\n");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        openssl("ca", "-config", "ca.cnf", "-revoke", certificate);
        openssl("ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem");
    }

    private void concat(String target, String... parts) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String p : parts) {
            all.append(Files.readString(dir.resolve(p), StandardCharsets.US_ASCII));
        }
        Files.writeString(dir.resolve(target), all);
    }

    private void openssl(String... args) throws IOException {
        Openssl.run(dir, args);
    }
}
