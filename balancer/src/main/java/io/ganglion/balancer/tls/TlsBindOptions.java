package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.Setting;
import java.util.List;

/**
 * The TLS options of a {@code bind} line, in HAProxy's words when refused. Files are read as the
 * line is parsed, so that their errors name the line.
 */
final class TlsBindOptions {
    /** The line's TLS options; {@link TlsBindSpec#NONE} on a plain line. */
    static final Setting<TlsBindSpec> TLS = Setting.of("ssl", TlsBindSpec.NONE);

    private TlsBindOptions() {
    }

    static List<BindOption> table() {
        List<BindOption> rows = new java.util.ArrayList<>(List.of(
                new BindOption("ssl", false, (settings, value) -> settings.with(TLS, settings.get(TLS).withSsl())),
                BindOption.valued("crt", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'crt' : missing certificate location");
                    }
                    if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(value))) {
                        return settings.with(TLS, settings.get(TLS).withCrtList(CrtList.ofDirectory(value, certificates(value))));
                    }
                    return settings.with(TLS, settings.get(TLS).withCertificates(certificates(value)));
                }),
                BindOption.valued("crt-list", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'crt-list' : missing certificate location");
                    }
                    return settings.with(TLS, settings.get(TLS).withCrtList(CrtList.load(value)));
                }),
                BindOption.valued("tls-ticket-keys", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'tls-ticket-keys' : missing TLS ticket keys file path");
                    }
                    return settings.with(TLS, settings.get(TLS).withTicketKeys(TicketKeyFile.load(value)));
                }),
                BindOption.valued("ssl-min-ver", (settings, value) -> {
                    TlsBindSpec t = settings.get(TLS);
                    return settings.with(TLS, t.withVersions(t.versions().withMin(version("ssl-min-ver", value))));
                }),
                BindOption.valued("ssl-max-ver", (settings, value) -> {
                    TlsBindSpec t = settings.get(TLS);
                    return settings.with(TLS, t.withVersions(t.versions().withMax(version("ssl-max-ver", value))));
                }),
                new BindOption("strict-sni", false, (settings, value) -> settings.with(TLS, settings.get(TLS).withStrictSni())),
                BindOption.valued("alpn", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'alpn' : missing the comma-delimited ALPN protocol suite");
                    }
                    List<String> protocols = List.of(value.split(","));
                    if (protocols.contains("h2")) {
                        // stricter than HAProxy: h2 negotiated, then spoken in HTTP/1.1, would fail every request
                        throw new KeywordException("'alpn' : 'h2' is not supported: Ganglion speaks HTTP/1.1 only");
                    }
                    return settings.with(TLS, settings.get(TLS).withAlpn(protocols));
                }),
                BindOption.valued("ca-file", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'ca-file' : missing CAfile path");
                    }
                    return settings.with(TLS, settings.get(TLS).withCaFile(value, CaFile.load(value)));
                }),
                BindOption.valued("verify", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'verify' : missing verify method");
                    }
                    if (!List.of("none", "optional", "required").contains(value)) {
                        throw new KeywordException("'verify' : unknown verify method '" + value
                                + "', only 'none', 'optional', and 'required' are supported");
                    }
                    return settings.with(TLS, settings.get(TLS).withVerify(value));
                }),
                BindOption.valued("crl-file", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'crl-file' : missing CRLfile path");
                    }
                    return settings.with(TLS, settings.get(TLS).withCrlFile(CrlFile.load(value)));
                }),
                library("ciphers", "cipher suite", TlsLibraryOptions::withCiphers),
                library("ciphersuites", "cipher suite", TlsLibraryOptions::withCiphersuites),
                library("curves", "curve suite", TlsLibraryOptions::withCurves),
                new BindOption("no-tls-tickets", false, (settings, value) -> {
                    TlsBindSpec t = settings.get(TLS);
                    return settings.with(TLS, t.withLibrary(t.library().withNoTickets()));
                }),
                new BindOption("prefer-client-ciphers", false, (settings, value) -> {
                    TlsBindSpec t = settings.get(TLS);
                    return settings.with(TLS, t.withLibrary(t.library().withPreferClientCiphers()));
                })));
        for (int i = 0; i < TlsVersions.FLAG_NAMES.size(); i++) {
            int version = i;
            rows.add(new BindOption("no-" + TlsVersions.FLAG_NAMES.get(i), false, (settings, value) -> {
                TlsBindSpec t = settings.get(TLS);
                return settings.with(TLS, t.withVersions(t.versions().without(version)));
            }));
            // HAProxy's force-*: the one version, as ssl-min-ver and ssl-max-ver both written
            rows.add(new BindOption("force-" + TlsVersions.FLAG_NAMES.get(i), false, (settings, value) -> {
                TlsBindSpec t = settings.get(TLS);
                return settings.with(TLS, t.withVersions(t.versions().withMin(version).withMax(version)));
            }));
        }
        return rows;
    }

    /** A valued option kept in {@link TlsLibraryOptions}; checked once the file is read ({@link TlsModule}). */
    private static BindOption library(String keyword, String what,
            java.util.function.BiFunction<TlsLibraryOptions, String, TlsLibraryOptions> set) {
        return BindOption.valued(keyword, (settings, value) -> {
            if (value == null) {
                throw new KeywordException("'" + keyword + "' : missing " + what);
            }
            TlsBindSpec t = settings.get(TLS);
            return settings.with(TLS, t.withLibrary(set.apply(t.library(), value)));
        });
    }

    private static int version(String keyword, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'" + keyword + "' : missing the ssl/tls version");
        }
        int v = TlsVersions.index(value);
        if (v < 0) {
            throw new KeywordException("'" + value + "' : unknown ssl/tls version");
        }
        return v;
    }

    /**
     * {@code crt FILE} or {@code crt DIR}: a directory gives each of its files in name order, as
     * HAProxy 2.6 loads them, skipping hidden files and the companions it reads beside a
     * certificate ({@code .key}, {@code .ocsp}, {@code .issuer}, {@code .sctl}).
     */
    private static List<CertificateFile> certificates(String path) throws KeywordException {
        java.nio.file.Path p = java.nio.file.Path.of(path);
        if (!java.nio.file.Files.isDirectory(p)) {
            return List.of(CertificateFile.load(path));
        }
        List<String> names = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(p)) {
            files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")
                    && !n.matches(".*\\.(key|ocsp|issuer|sctl)$")).sorted().forEach(names::add);
        } catch (java.io.IOException e) {
            throw new KeywordException("unable to scan directory '" + path + "' : " + e.getMessage() + ".");
        }
        List<CertificateFile> loaded = new java.util.ArrayList<>();
        String base = path.endsWith("/") ? path : path + "/";
        for (String n : names) {
            loaded.add(CertificateFile.load(base + n));
        }
        return loaded;
    }
}
