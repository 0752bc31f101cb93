package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@code show tls-keys [ID|*]} and {@code set ssl tls-key ID|FILE KEY}, with HAProxy 2.6's layouts
 * and error texts (captures 286-302). Both are user-level in 2.6 (capture 301 rotates a key from a
 * user socket). A reference is {@code #ID} or the file name as written on the bind line. The rotation runs on the control loop.
 */
final class TicketKeyCommands {
    private final TicketKeyRefs refs;

    private TicketKeyCommands(TicketKeyRefs refs) {
        this.refs = refs;
    }

    static CommandTable table(TicketKeyRefs refs, Executor control) {
        TicketKeyCommands c = new TicketKeyCommands(refs);
        return CommandTable.of("tls",
                CliCommand.haproxy(USER, CommandHandler.on(control, c::show), "show", "tls-keys"),
                CliCommand.haproxy(USER, CommandHandler.on(control, c::set), "set", "ssl", "tls-key"));
    }

    private String show(CommandRequest r) {
        String which = r.arg(2);
        if (which.isEmpty()) {
            StringBuilder out = new StringBuilder("# id (file)\n");
            for (TicketKeyRefs.Ref ref : refs.all()) {
                out.append(ref.id).append(" (").append(ref.path).append(")\n");
            }
            return out.toString();
        }
        List<TicketKeyRefs.Ref> shown;
        if (which.equals("*")) {
            shown = refs.all();
        } else {
            TicketKeyRefs.Ref ref = find(which);
            if (ref == null) {
                throw new CommandException("'show tls-keys' unable to locate referenced filename\n");
            }
            shown = List.of(ref);
        }
        StringBuilder out = new StringBuilder("# id secret\n");
        for (TicketKeyRefs.Ref ref : shown) {
            out.append("# ").append(ref.id).append(" (").append(ref.path).append(")\n");
            List<TicketKey> keys = ref.ring().keys();
            for (int i = 0; i < keys.size(); i++) {
                out.append(ref.id).append('.').append(i).append(' ').append(keys.get(i).base64()).append('\n');
            }
        }
        return out.toString();
    }

    private String set(CommandRequest r) {
        if (r.arg(3).isEmpty() || r.arg(4).isEmpty()) {
            throw new CommandException("'set ssl tls-key' expects a filename and the new TLS key in base64 encoding.\n");
        }
        TicketKeyRefs.Ref ref = find(r.arg(3));
        if (ref == null) {
            throw new CommandException("'set ssl tls-key' unable to locate referenced filename\n");
        }
        TicketKey key;
        try {
            key = TicketKey.parse(r.arg(4));
        } catch (IllegalArgumentException e) {
            // An 80-byte key is refused with HAProxy's "wrong size": BoringSSL takes 48-byte keys only.
            throw new CommandException(e.getMessage().equals("base64")
                    ? "'set ssl tls-key' received invalid base64 encoded TLS key.\n"
                    : "'set ssl tls-key' received a key of wrong size.\n");
        }
        ref.rotate(key);
        return "TLS ticket key updated!\n";
    }

    /**
     * HAProxy's {@code tlskeys_ref_lookup_ref}: {@code #N} by id, else by file. N is read as
     * {@code strtol} reads it and must be all of the word ({@code #} alone is 0, {@code #0x} is
     * nothing), then cast to an int ({@code #4294967296} is 0): seen with HAProxy 2.6.
     */
    private TicketKeyRefs.Ref find(String reference) {
        if (!reference.startsWith("#")) {
            return refs.byPath(reference);
        }
        Long id = strtol(reference.substring(1));
        return id == null ? null : refs.byId((int) (long) id);
    }

    /** C's {@code strtol} base 10 (saturating), null when characters are left after the number. */
    private static Long strtol(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i++) - '0';
            v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
        }
        if (i == digits) {
            i = 0; // no number: strtol leaves the end at the start of the text
        }
        if (i != s.length()) {
            return null;
        }
        return negative ? -v : v;
    }
}
