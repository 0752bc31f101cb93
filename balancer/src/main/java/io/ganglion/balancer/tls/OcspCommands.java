package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.runtime.LineDump;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * {@code show ssl ocsp-response [ID]} and {@code set ssl ocsp-response BASE64|<<} in HAProxy 2.6's
 * words (captures 304-311, and a live HAProxy 2.6.12 for the rest), over the certificate files that
 * staple a response: both at every level, as in HAProxy 2.6 (capture 311 sets one from a user-level
 * socket); an id is hex of any case, an id not known (or not hex) "does not match", one over
 * HAProxy's 128 bytes is "too big"; a payload's line breaks are removed before its base64 is read.
 * A response set replaces the staple of every file with that certificate id, for the handshakes
 * that follow; a refused one changes nothing.
 */
public final class OcspCommands {

    /** HAProxy's OCSP_MAX_CERTID_ASN1_LENGTH. */
    private static final int MAX_CERTID_BYTES = 128;

    private final CertificateStore store;
    private final Clock clock;

    private OcspCommands(CertificateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @param control the control loop, where certificate files are replaced */
    public static CommandTable table(CertificateStore store, Executor control, Clock clock) {
        OcspCommands c = new OcspCommands(store, clock);
        return new CommandTable("tls", List.of(
                CliCommand.haproxy(USER, CommandHandler.dump(c::show), "show", "ssl", "ocsp-response"),
                CliCommand.haproxy(USER, CommandHandler.on(control, c::set), "set", "ssl", "ocsp-response")));
    }

    /** The stapling files by certificate id, in HAProxy's order; files sharing an id share an entry. */
    private Map<OcspCertId, List<CertificateFile>> stapling() {
        Map<OcspCertId, List<CertificateFile>> byId = new TreeMap<>();
        for (CertificateFile f : store.snapshot().values()) {
            if (f.ocsp() != null) {
                OcspStaple.certId(f).ifPresent(id -> byId.computeIfAbsent(id, k -> new ArrayList<>()).add(f));
            }
        }
        return byId;
    }

    private AnswerDump show(CommandRequest r) {
        String key = r.arg(3);
        if (key.isEmpty()) {
            return new LineDump<>("# Certificate IDs\n", stapling().keySet().iterator(), (out, id) -> id.appendListEntry(out), "");
        }
        if (key.length() > 2 * MAX_CERTID_BYTES) {
            throw new CommandException("'show ssl ocsp-response' received a too big key.");
        }
        CertificateFile file = stapling().entrySet().stream().filter(e -> e.getKey().key().equalsIgnoreCase(key))
                .map(e -> e.getValue().get(0)).findFirst()
                .orElseThrow(() -> new CommandException("Certificate ID does not match any certificate."));
        return new LineDump<>(OcspResponseText.of(file.ocsp()), Collections.emptyIterator(), (out, none) -> { }, "");
    }

    private String set(CommandRequest r) {
        if (r.payload().isEmpty() && r.arg(3).isEmpty()) {
            throw new CommandException("'set ssl ocsp-response' expects response in base64 encoding.");
        }
        String base64 = r.payload().map(p -> p.replace("\r", "").replace("\n", "")).orElse(r.arg(3));
        byte[] der = decode(base64).orElseThrow(
                () -> new CommandException("'set ssl ocsp-response' received invalid base64 encoded response."));
        try {
            OcspResponse response = OcspResponse.check(der, Optional.empty(), clock);
            List<CertificateFile> files = stapling().get(response.certId());
            if (files == null) {
                throw new OcspException("OCSP single response: Certificate ID does not match any certificate or issuer");
            }
            for (CertificateFile f : files) {
                store.replace(f.withOcsp(der));
            }
        } catch (OcspException e) {
            throw new CommandException(e.getMessage() + ".");
        }
        return "OCSP Response updated!";
    }

    /** HAProxy's {@code base64dec}: whole 4-character groups of the base64 alphabet only. */
    private static Optional<byte[]> decode(String text) {
        if (text.length() % 4 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
