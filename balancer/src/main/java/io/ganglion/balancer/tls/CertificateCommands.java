package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;
import static io.ganglion.balancer.config.AccessLevel.OPERATOR;
import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.runtime.LineDump;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * The certificate files at run time, in HAProxy 2.6's words (capture 312-313 and a live HAProxy
 * 2.6.12 for the rest): {@code show ssl cert [[*]FILE]}, {@code new ssl cert FILE}, {@code set ssl
 * cert FILE <<} (the PEM, or {@code FILE.key}, {@code FILE.issuer}, {@code FILE.ocsp} as HAProxy
 * names the parts), {@code commit ssl cert FILE}, {@code abort ssl cert FILE} and {@code del ssl
 * cert FILE}. One transaction at a time, as in HAProxy; its payloads are checked as they come
 * (a PEM must hold a certificate) and the whole at commit (a key, and the key of the
 * certificate). A commit serves the new file to the handshakes that follow, on every {@code bind}
 * line that names it, and drops no connection: those under way keep what they started with.
 *
 * <p>Stricter than HAProxy 2.6.12: a {@code set ssl cert} of another file while a transaction is
 * open is refused with HAProxy's commit-time words; HAProxy 2.6.12 answers "Transaction updated" for
 * the open one, and loads the other file's payload into it.
 */
final class CertificateCommands {

    private final CertificateStore store;
    private final CertificateTransactions transactions;
    private final ToIntFunction<String> bindLinesUsing;
    private final Clock clock;

    private CertificateCommands(CertificateStore store, CertificateTransactions transactions,
            ToIntFunction<String> bindLinesUsing, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.bindLinesUsing = bindLinesUsing;
        this.clock = clock;
    }

    /**
     * @param bindLinesUsing how many {@code bind} lines serve a path (HAProxy prints a dot for each
     *                       when it commits)
     * @param control        the control loop, where every change is made
     */
    static CommandTable table(CertificateStore store, CertificateTransactions transactions,
            ToIntFunction<String> bindLinesUsing, Executor control, Clock clock) {
        CertificateCommands c = new CertificateCommands(store, transactions, bindLinesUsing, clock);
        return new CommandTable("tls", List.of(
                // every level reaches it: below operator HAProxy 2.6 answers its allocation error
                CliCommand.haproxy(USER, CommandHandler.dump(c::show), "show", "ssl", "cert"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::create), "new", "ssl", "cert"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::set), "set", "ssl", "cert"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::commit), "commit", "ssl", "cert"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::abort), "abort", "ssl", "cert"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::delete), "del", "ssl", "cert")));
    }

    private AnswerDump show(CommandRequest r) {
        if (!r.session().level().allows(OPERATOR)) {
            throw new CommandException("Can't allocate memory!");
        }
        String name = r.arg(3);
        if (name.isEmpty()) {
            StringBuilder head = new StringBuilder();
            transactions.transaction().ifPresent(t -> head.append("# transaction\n*").append(t.path()).append('\n'));
            head.append("# filename\n");
            TreeSet<String> paths = new TreeSet<>(store.snapshot().keySet());
            paths.addAll(transactions.created().keySet());
            return new LineDump<>(head.toString(), paths.iterator(), (out, p) -> out.append(p).append('\n'), "");
        }
        return whole(entryText(name));
    }

    private String entryText(String name) {
        if (name.startsWith("*")) {
            Optional<PendingCertificate> t = transactions.transaction().filter(p -> p.path().equals(name.substring(1)));
            if (t.isPresent()) {
                return pendingText(name, t.get());
            }
        } else {
            CertificateFile loaded = store.get(name);
            if (loaded != null) {
                Optional<OcspCertId> ocsp = loaded.ocsp() == null ? Optional.empty() : OcspStaple.certId(loaded);
                return CertificateText.of(name, "Used", loaded.leaf(), loaded.chain(), ocsp);
            }
            PendingCertificate created = transactions.created().get(name);
            if (created != null) {
                return pendingText(name, created);
            }
        }
        throw new CommandException("Can't display the certificate: Not found or the certificate is a bundle!");
    }

    private static String pendingText(String name, PendingCertificate p) {
        if (p.certificates().isEmpty()) {
            return CertificateText.empty(name);
        }
        return CertificateText.of(name, "Unused", p.certificates().get(0),
                p.certificates().subList(1, p.certificates().size()), p.ocspKey());
    }

    private static AnswerDump whole(String text) {
        return new LineDump<>(text, Collections.emptyIterator(), (out, none) -> { }, "");
    }

    private boolean exists(String path) {
        return store.get(path) != null || transactions.created().containsKey(path);
    }

    private String create(CommandRequest r) {
        String path = r.arg(3);
        if (path.isEmpty()) {
            throw new CommandException("'new ssl cert' expects a filename");
        }
        if (exists(path)) {
            throw new CommandException("Certificate '" + path + "' already exists!");
        }
        transactions.create(PendingCertificate.empty(path));
        return "New empty certificate store '" + path + "'!";
    }

    private String set(CommandRequest r) {
        String name = r.arg(3);
        if (name.isEmpty() || r.payload().isEmpty()) {
            throw new CommandException("'set ssl cert expects a filename and a certificate as a payload");
        }
        PendingCertificate.Part part = PendingCertificate.Part.of(name);
        String path = name.substring(0, name.length() - part.suffix.length());
        if (part != PendingCertificate.Part.PEM && !exists(path) && exists(name)) {
            // a file whose own name ends like a suffix is the PEM itself, as HAProxy tries it last
            part = PendingCertificate.Part.PEM;
            path = name;
        }
        Optional<PendingCertificate> open = transactions.transaction();
        PendingCertificate base;
        if (open.isPresent()) {
            if (!open.get().path().equals(path)) {
                throw new CommandException("The ongoing transaction is about '" + open.get().path()
                        + "' but you are trying to set '" + path + "'\nCan't update " + name + "!");
            }
            base = open.get();
        } else if (store.get(path) != null) {
            base = PendingCertificate.of(store.get(path));
        } else if (transactions.created().containsKey(path)) {
            base = transactions.created().get(path);
        } else {
            throw new CommandException("Can't replace a certificate which is not referenced by the configuration!\n"
                    + "Can't update " + name + "!");
        }
        try {
            transactions.begin(base.with(part, r.payload().get()));
        } catch (KeywordException e) {
            throw new CommandException(e.getMessage() + "\nCan't load the payload\nCan't update " + name + "!");
        }
        return (open.isPresent() ? "Transaction updated for certificate " : "Transaction created for certificate ")
                + path + "!";
    }

    private String commit(CommandRequest r) {
        String path = r.arg(3);
        if (path.isEmpty()) {
            throw new CommandException("'commit ssl cert expects a filename");
        }
        PendingCertificate pending = transactions.transaction().orElseThrow(
                () -> new CommandException("No ongoing transaction! !\nCan't commit " + path + "!"));
        if (!pending.path().equals(path)) {
            throw new CommandException("The ongoing transaction is about '" + pending.path()
                    + "' but you are trying to set '" + path + "'\nCan't commit " + path + "!");
        }
        CertificateFile file;
        try {
            file = pending.toFile();
        } catch (KeywordException e) {
            throw new CommandException(e.getMessage() + "\nCan't commit " + path + "!");
        }
        if (store.get(path) != null) {
            store.replace(OcspStaple.vetted(file, clock));
        } else {
            transactions.create(pending);
        }
        transactions.end();
        return "Committing " + path + ".".repeat(bindLinesUsing.applyAsInt(path)) + "\nSuccess!";
    }

    private String abort(CommandRequest r) {
        String path = r.arg(3);
        if (path.isEmpty()) {
            throw new CommandException("'abort ssl cert' expects a filename");
        }
        PendingCertificate pending = transactions.transaction()
                .orElseThrow(() -> new CommandException("No ongoing transaction!"));
        if (!pending.path().equals(path)) {
            throw new CommandException("The ongoing transaction is about '" + pending.path()
                    + "' but you are trying to abort a transaction for '" + path + "'");
        }
        transactions.end();
        return "Transaction aborted for certificate '" + path + "'!";
    }

    private String delete(CommandRequest r) {
        String path = r.arg(3);
        if (path.isEmpty()) {
            throw new CommandException("'del ssl cert' expects a certificate name");
        }
        // HAProxy ends these two refusals with an empty line of their own, kept for scripts
        if (store.get(path) != null || transactions.transaction().filter(t -> t.path().equals(path)).isPresent()) {
            throw new CommandException("Can't remove the certificate: certificate '" + path + "' in use, can't be deleted!\n\n");
        }
        if (!transactions.created().containsKey(path)) {
            throw new CommandException("Can't remove the certificate: certificate '" + path + "' doesn't exist!\n\n");
        }
        transactions.delete(path);
        return "Certificate '" + path + "' deleted!";
    }
}
