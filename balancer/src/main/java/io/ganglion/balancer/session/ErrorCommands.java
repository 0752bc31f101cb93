package io.ganglion.balancer.session;

import static io.ganglion.balancer.config.AccessLevel.OPERATOR;

import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.stats.ProxyIds;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code show errors [<px>] [request|response]} in HAProxy 2.6's words and layout: the count of
 * captured events, then each proxy's last invalid request and last invalid response, proxies in
 * id order. {@code <px>} is a name or an id, {@code -1} or nothing for every proxy; a frontend also
 * shows the responses refused on their way to it. A word other than {@code request} or
 * {@code response} after it shows both (HAProxy ignores it too).
 *
 * <p>Values that are HAProxy's parser internals (the buffer's wrap point, the H1 flag words, chunk
 * and body lengths) have no counterpart here: they are printed in HAProxy's layout with Ganglion's
 * values (the buffer is never wrapped, no flag is set). Everything else is exact.
 */
public final class ErrorCommands {
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    /** HAProxy's buffer size: {@code free} is what a buffer this size has left after the capture. */
    private static final int BUFFER_SIZE = 16384;
    /** HAProxy's wrap point of a buffer that starts at 0; Ganglion's captures never wrap. */
    private static final int WRAPS_AT = 16336;
    private static final String ALL = "-1";

    private final List<ProxySection> proxies;
    private final ProxyIds ids;
    private final ErrorCaptures captures;

    private ErrorCommands(List<ProxySection> proxies, ProxyIds ids, ErrorCaptures captures) {
        this.proxies = List.copyOf(proxies);
        this.ids = ids;
        this.captures = captures;
    }

    /**
     * @param proxies  every proxy, in config order
     * @param ids      their numeric ids
     * @param captures the captured errors
     */
    public static CommandTable table(List<ProxySection> proxies, ProxyIds ids, ErrorCaptures captures) {
        ErrorCommands c = new ErrorCommands(proxies, ids, captures);
        return CommandTable.of("session", CliCommand.haproxy(OPERATOR, CommandHandler.sync(c::showErrors), "show", "errors"));
    }

    private String showErrors(CommandRequest r) {
        String filter = r.arg(2);
        Predicate<ErrorSnapshot> wanted = c -> true;
        if (!filter.isEmpty() && !filter.equals(ALL)) {
            Set<String> named = ids.find(filter).orElseThrow(() -> new CommandException("No such proxy."))
                    .stream().map(ProxySection::name).collect(Collectors.toSet());
            // A response is the backend's, and also shown for the frontend it was sent to (as HAProxy does).
            wanted = c -> named.contains(c.proxy()) || c.peerProxy() != null && named.contains(c.peerProxy());
        }
        boolean requests = !r.arg(3).equals("response");
        boolean responses = !r.arg(3).equals("request");
        StringBuilder out = new StringBuilder();
        out.append("Total events captured on [").append(DATE.format(Instant.now())).append("] : ")
                .append(captures.total()).append('\n');
        for (ProxySection p : proxies) {
            if (requests) {
                captures.lastRequest(p.name()).filter(wanted).ifPresent(c -> appendCapture(out, c));
            }
            if (responses) {
                captures.lastResponse(p.name()).filter(wanted).ifPresent(c -> appendCapture(out, c));
            }
        }
        return out.toString();
    }

    private void appendCapture(StringBuilder out, ErrorSnapshot c) {
        boolean request = c.direction() == ErrorSnapshot.Direction.REQUEST;
        out.append(" \n[").append(DATE.format(Instant.ofEpochMilli(c.atMillis()))).append("] ")
                .append(request ? "frontend " : "backend ").append(c.proxy()).append(" (#").append(idOf(c.proxy()))
                .append("): invalid ").append(request ? "request" : "response").append('\n');
        out.append("  ").append(request ? "backend " : "frontend ").append(nameOrNone(c.peerProxy()))
                .append(" (#").append(c.peerProxy() == null ? -1 : idOf(c.peerProxy())).append("), server ")
                .append(nameOrNone(c.server())).append(" (#").append(c.serverId()).append("), event #")
                .append(c.event()).append(", src ").append(c.source().getAddress().getHostAddress()).append(':')
                .append(c.source().getPort()).append('\n');
        out.append("  buffer starts at 0 (including 0 out), ").append(BUFFER_SIZE - c.length()).append(" free,\n");
        out.append("  len ").append(c.length()).append(", wraps at ").append(WRAPS_AT).append(", error at position ")
                .append(c.stop().position()).append('\n');
        out.append("  H1 connection flags 0x00000000, H1 stream flags 0x00000000\n");
        out.append("  H1 msg state ").append(c.stop().stateLabel()).append(", H1 msg flags 0x00000000\n");
        out.append("  H1 chunk len ").append(c.stop().chunkLength()).append(" bytes, H1 body len ")
                .append(c.stop().bodyLength()).append(" bytes :\n");
        out.append("  \n");
        ErrorDump.append(out, c);
    }

    private int idOf(String proxy) {
        return ids.id(proxy);
    }

    private static String nameOrNone(String name) {
        return Optional.ofNullable(name).orElse("<NONE>");
    }
}
