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
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code show ssl ocsp-response [ID]} and {@code set ssl ocsp-response BASE64|<<} in HAProxy 2.6's
 * words (captures 304-311, and a live HAProxy 2.6.12 for the rest): both at every level, as in
 * HAProxy 2.6 (capture 311 sets one from a user-level socket); an id is hex of any case, an id
 * that is not hex or not known is "does not match", one over HAProxy's 128 bytes "too big"; a
 * payload's line breaks are removed before its base64 is read. A refused response changes nothing.
 */
public final class OcspCommands {

    /** HAProxy's OCSP_MAX_CERTID_ASN1_LENGTH. */
    private static final int MAX_CERTID_BYTES = 128;

    private final OcspResponses responses;
    private final Clock clock;

    private OcspCommands(OcspResponses responses, Clock clock) {
        this.responses = responses;
        this.clock = clock;
    }

    /** @param control the control loop, where responses are replaced */
    public static CommandTable table(OcspResponses responses, Executor control, Clock clock) {
        OcspCommands c = new OcspCommands(responses, clock);
        return new CommandTable("tls", List.of(
                CliCommand.haproxy(USER, CommandHandler.dump(c::show), "show", "ssl", "ocsp-response"),
                CliCommand.haproxy(USER, CommandHandler.on(control, c::set), "set", "ssl", "ocsp-response")));
    }

    private AnswerDump show(CommandRequest r) {
        String key = r.arg(3);
        if (key.isEmpty()) {
            return new LineDump<>("# Certificate IDs\n", responses.all().iterator(),
                    (out, response) -> response.certId().appendListEntry(out), "");
        }
        if (key.length() > 2 * MAX_CERTID_BYTES) {
            throw new CommandException("'show ssl ocsp-response' received a too big key.");
        }
        OcspResponse found = responses.all().stream().filter(e -> e.certId().key().equalsIgnoreCase(key))
                .findFirst().orElseThrow(() -> new CommandException("Certificate ID does not match any certificate."));
        return new LineDump<>(found.text(), Collections.emptyIterator(), (out, none) -> { }, "");
    }

    private String set(CommandRequest r) {
        String base64 = r.payload().map(p -> p.replace("\r", "").replace("\n", "")).orElse(r.arg(3));
        if (base64.isEmpty() && r.payload().isEmpty()) {
            throw new CommandException("'set ssl ocsp-response' expects response in base64 encoding.");
        }
        byte[] der = decode(base64)
                .orElseThrow(() -> new CommandException("'set ssl ocsp-response' received invalid base64 encoded response."));
        try {
            responses.replace(OcspResponse.check(der, Optional.empty(), clock));
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
