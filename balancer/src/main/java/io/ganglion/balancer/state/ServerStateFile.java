package io.ganglion.balancer.state;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.IpLiteral;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerOptions;
import io.ganglion.balancer.server.ServerSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code server-state-file}: {@link #save} writes what {@code show servers state} shows, and
 * {@link #apply} restores weights, admin states (MAINT/DRAIN), addresses, ports, check ports and
 * agents (enabled or not, their address and port) on
 * start, for backends with {@code load-server-state-from-file global}. A bad line is a warning
 * naming file:line, never a failed start; servers that no longer exist are skipped.
 */
public final class ServerStateFile {
    private static final Logger log = LoggerFactory.getLogger(ServerStateFile.class);
    static final String CAUSE = "changed from server-state after a reload";

    private ServerStateFile() {
    }

    /** Writes the state to a temporary file next to {@code file}, then renames it over {@code file}. */
    public static void save(BalancerView balancer, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, ShowServersState.text(balancer, Optional.empty()), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return how many servers got their state back */
    public static int apply(BalancerView balancer, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            log.info("No server state file {} yet: servers start as configured.", file);
            return 0;
        } catch (IOException e) {
            log.warn("Can't read server state file {}: {}. Servers start as configured.", file, e.toString());
            return 0;
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals("1")) {
            log.warn("{}:1: unsupported server state file version (expected '1'); file ignored.", file);
            return 0;
        }
        int restored = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                restored += restore(balancer, SavedServerState.parse(line)) ? 1 : 0;
            } catch (IllegalArgumentException e) {
                log.warn("{}:{}: {}; line ignored.", file, i + 1, e.getMessage());
            }
        }
        return restored;
    }

    private static boolean restore(BalancerView balancer, SavedServerState saved) {
        Optional<Backend> backend = balancer.backend(saved.backend());
        if (backend.isEmpty() || !backend.get().config().get(ServerStateKeywords.LOAD_SERVER_STATE)) {
            return false;
        }
        Optional<Server> server = backend.get().server(saved.server());
        if (server.isEmpty()) {
            return false;
        }
        Server s = server.get();
        if (saved.userWeight() > ServerOptions.MAX_WEIGHT) {
            throw new IllegalArgumentException("invalid srv_uweight '" + saved.userWeight() + "'");
        }
        restoreAgent(s, saved);
        s.update(st -> restored(st, saved, s.initialWeight()), CAUSE);
        return true;
    }

    /**
     * As HAProxy 2.6: the agent is enabled or not as saved, then gets the saved address and port
     * if it runs; a stopped agent keeps its configured ones, with HAProxy's warning.
     */
    private static void restoreAgent(Server s, SavedServerState saved) {
        if (!s.agent().configured()) {
            return;
        }
        s.agent(a -> a.withEnabled(saved.agentEnabled()));
        boolean addrOrPort = saved.agentAddr() != null || saved.agentPort() > 0;
        if (!saved.agentEnabled()) {
            if (addrOrPort) {
                log.warn("server-state partially applied for server '{}', agent checks are not enabled on this server",
                        s.qualifiedName());
            }
            return;
        }
        if (saved.agentAddr() != null) {
            IpLiteral.parse(saved.agentAddr()).ifPresent(addr -> s.agent(a -> a.withAddr(addr.getHostAddress())));
        }
        if (saved.agentPort() > 0 && saved.agentPort() <= 65535) {
            s.agent(a -> a.withPort(saved.agentPort()));
        }
    }

    private static ServerSettings restored(ServerSettings st, SavedServerState saved, int configWeight) {
        ServerSettings next = st;
        // As HAProxy: a weight changed in the configuration since the save wins over the saved one.
        if (saved.initialWeight() == configWeight) {
            next = next.withWeight(saved.userWeight());
        }
        AdminState admin = saved.maint() ? AdminState.MAINT : saved.drain() ? AdminState.DRAIN : AdminState.READY;
        next = next.withAdmin(admin);
        if (saved.address() != null && saved.port() > 0) {
            next = next.withAddress(new InetSocketAddress(saved.address(), saved.port()));
        }
        return next.withCheckPort(saved.checkPort());
    }
}
