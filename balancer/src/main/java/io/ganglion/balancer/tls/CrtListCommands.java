package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The crt-list commands in HAProxy 2.6's words:
 * <ul>
 *   <li>{@code show ssl crt-list [-n] [LIST]}: without a name, the lists' paths in name order (a
 *       {@code crt DIR} is one, a {@code crt FILE} is not); with one, its certificates with their
 *       options and SNI filters ({@link CrtList#dump});</li>
 *   <li>{@code add ssl crt-list LIST CERT} or with a {@code <<} payload holding a whole line
 *       ({@code CERT [options] [filters]}): a certificate already loaded ({@code crt} at start, or
 *       {@code new/set/commit ssl cert}) served by every listener of the list from the next handshake;</li>
 *   <li>{@code del ssl crt-list LIST CERT[:LINE]}: refused for a listener's default certificate.</li>
 * </ul>
 * Changes are made on the control side and published as a new table per listener
 * ({@link TlsState#replaceCrtList}); the crt-list file itself is not rewritten, as in HAProxy.
 */
final class CrtListCommands {
    private final TlsState state;

    private CrtListCommands(TlsState state) {
        this.state = state;
    }

    static CommandTable table(TlsState state, java.util.concurrent.Executor control) {
        CrtListCommands c = new CrtListCommands(state);
        return new CommandTable("tls", List.of(
                CliCommand.haproxy(ADMIN, CommandHandler.sync(c::show), "show", "ssl", "crt-list"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::add), "add", "ssl", "crt-list"),
                CliCommand.haproxy(ADMIN, CommandHandler.on(control, c::delete), "del", "ssl", "crt-list")));
    }

    private String show(CommandRequest r) {
        boolean numbered = r.arg(3).equals("-n");
        String name = r.arg(numbered ? 4 : 3);
        if (name.isEmpty()) {
            if (numbered) {
                throw new CommandException("'show ssl crt-list -n' expects a filename or a directory");
            }
            StringBuilder out = new StringBuilder();
            state.crtLists().keySet().forEach(p -> out.append(p).append('\n'));
            return out.toString();
        }
        CrtList list = state.crtLists().get(name);
        if (list == null) {
            throw new CommandException("didn't find the specified filename");
        }
        return list.dump(numbered);
    }

    private String add(CommandRequest r) {
        String name = r.arg(3);
        String text = r.payload().map(p -> p.strip().lines().findFirst().orElse("")).orElse(r.arg(4));
        if (name.isEmpty() || text.isEmpty()) {
            throw new CommandException("'add ssl crtlist' expects a filename and a certificate name");
        }
        CrtList list = state.crtLists().get(name);
        if (list == null) {
            throw new CommandException("Can't edit the crt-list: crt-list '" + name + "' does not exist!");
        }
        CrtListLine line;
        try {
            line = CrtListLine.parse(text.strip(), name, list.nextLine(), path -> {
                CertificateFile loaded = state.certificates().get(path);
                if (loaded == null) {
                    throw new KeywordException("certificate '" + path + "' does not exist!");
                }
                return loaded;
            });
        } catch (KeywordException e) {
            throw new CommandException("Can't edit the crt-list: " + e.getMessage());
        }
        publish(list.with(line));
        return "Inserting certificate '" + line.file().path() + "' in crt-list '" + name + "'.\nSuccess!";
    }

    private String delete(CommandRequest r) {
        String name = r.arg(3);
        String certificate = r.arg(4);
        if (name.isEmpty() || certificate.isEmpty()) {
            throw new CommandException("'del ssl crtlist' expects a filename and a certificate name");
        }
        CrtList list = state.crtLists().get(name);
        if (list == null) {
            throw new CommandException("Can't delete the entry: crt-list '" + name + "' does not exist!");
        }
        int colon = certificate.lastIndexOf(':');
        int number = -1;
        if (colon > 0 && certificate.substring(colon + 1).matches("[0-9]+")) {
            number = Integer.parseInt(certificate.substring(colon + 1));
            certificate = certificate.substring(0, colon);
        }
        String path = certificate;
        int wanted = number;
        List<CrtListLine> found = list.lines().stream().filter(l -> l.file().path().equals(path)
                && (wanted < 0 || l.line() == wanted)).toList();
        if (found.isEmpty()) {
            throw new CommandException("Can't delete the entry: certificate '" + path + "' does not exist!");
        }
        if (found.size() > 1) {
            throw new CommandException("Can't delete the entry: found the certificate '" + path + "' in several entries,"
                    + " please specify a line number preceded by colons (" + String.join(", ",
                    found.stream().map(l -> String.valueOf(l.line())).toList()) + ")!");
        }
        List<String> users = state.defaultUsers(name, found.get(0));
        if (!users.isEmpty()) {
            StringBuilder out = new StringBuilder("Can't delete the entry: certificate '" + path
                    + "' cannot be deleted, it is used as default certificate by the following frontends:\n");
            users.forEach(u -> out.append("\t- ").append(u).append('\n'));
            throw new CommandException(out.append('\n').toString()); // HAProxy ends the list with an empty line
        }
        publish(list.without(found.get(0)));
        return "Entry '" + path + "' deleted in crtlist '" + name + "'!";
    }

    private void publish(CrtList next) {
        try {
            state.replaceCrtList(next);
        } catch (SSLException e) {
            throw new CommandException("Can't edit the crt-list: " + e.getMessage());
        }
    }
}
