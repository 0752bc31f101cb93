package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandRegistry;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.stats.ProxyIds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The admin form's POST ({@code b=#ID&action=A&s=S1&s=S2...}, HAProxy's field names), applied as
 * the same socket commands an operator would send: each action is a command run through the
 * balancer's {@link CommandRegistry} at admin level ({@code drain} is {@code set server B/S state
 * drain}), so the form and the socket share one code path.
 *
 * <p>The outcome follows HAProxy 2.6: nothing asked (no backend, action or server) is {@code NONE},
 * an unknown backend or action {@code ERRP}; then of the servers named that the action applies to
 * (a health action to a server with checks, an agent action to one with an agent), all changed is
 * {@code DONE}, some {@code PART}, none {@code ERRP}, and none the action applies to {@code NONE}.
 */
final class AdminForm {
    /** How long one command may take on the control loop before the form gives up on it. */
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    /** A form action: the socket command it stands for, and the servers it applies to. */
    private enum Action {
        READY("set server %s state ready", Applies.ALL),
        DRAIN("set server %s state drain", Applies.ALL),
        MAINT("set server %s state maint", Applies.ALL),
        DHLTH("disable health %s", Applies.CHECKED),
        EHLTH("enable health %s", Applies.CHECKED),
        HRUNN("set server %s health up", Applies.CHECKED),
        HNOLB("set server %s health stopping", Applies.CHECKED),
        HDOWN("set server %s health down", Applies.CHECKED),
        DAGENT("disable agent %s", Applies.AGENT),
        EAGENT("enable agent %s", Applies.AGENT),
        ARUNN("set server %s agent up", Applies.AGENT),
        ADOWN("set server %s agent down", Applies.AGENT),
        SHUTDOWN("shutdown sessions server %s", Applies.ALL);

        final String command;
        final Applies applies;

        Action(String command, Applies applies) {
            this.command = command;
            this.applies = applies;
        }
    }

    private enum Applies { ALL, CHECKED, AGENT }

    private AdminForm() {
    }

    /** Applies the form's {@code body}; returns the status of HAProxy's redirect. Runs off the event loops. */
    static AdminStatus apply(byte[] body, BalancerView balancer, CommandRegistry commands) {
        String backendField = null;
        String actionField = null;
        List<String> servers = new ArrayList<>();
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.ISO_8859_1);
            switch (name) {
                case "b" -> backendField = value;
                case "action" -> actionField = value;
                case "s" -> servers.add(value);
                default -> {
                    // HAProxy ignores other fields
                }
            }
        }
        if (backendField == null || backendField.isEmpty() || actionField == null || actionField.isEmpty()
                || servers.isEmpty()) {
            return AdminStatus.NONE;
        }
        Optional<Backend> backend = backend(balancer, backendField);
        Action action = action(actionField);
        if (backend.isEmpty() || action == null) {
            return AdminStatus.ERRP;
        }
        int total = 0;
        int altered = 0;
        for (String name : servers) {
            Optional<Server> server = backend.get().server(name);
            if (server.isPresent() && !applies(action, server.get())) {
                continue;
            }
            total++;
            if (server.isPresent() && run(commands, action.command.formatted(backend.get().name() + "/" + name))) {
                altered++;
            }
        }
        if (total == 0) {
            return AdminStatus.NONE;
        }
        return altered == 0 ? AdminStatus.ERRP : altered == total ? AdminStatus.DONE : AdminStatus.PART;
    }

    /** {@code b}: {@code #ID} as the page writes it, or a backend's name. */
    private static Optional<Backend> backend(BalancerView balancer, String field) {
        if (!field.startsWith("#")) {
            return balancer.backend(field);
        }
        String digits = field.substring(1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        Optional<List<ProxySection>> found = new ProxyIds(balancer.config()).find(digits);
        return found.filter(l -> l.size() == 1 && l.get(0).isBackend()).flatMap(l -> balancer.backend(l.get(0).name()));
    }

    private static Action action(String field) {
        for (Action a : Action.values()) {
            if (a.name().equalsIgnoreCase(field) && field.equals(field.toLowerCase(java.util.Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }

    private static boolean applies(Action action, Server server) {
        return switch (action.applies) {
            case ALL -> true;
            case CHECKED -> server.spec().get(CheckOptions.CHECK);
            case AGENT -> server.agent().configured();
        };
    }

    /** Runs one socket command as an admin session would; true when it succeeded (an empty answer). */
    private static boolean run(CommandRegistry commands, String line) {
        List<String> args = List.of(line.split(" "));
        Optional<CliCommand> command = commands.find(args);
        if (command.isEmpty()) {
            return false;
        }
        try {
            String answer = command.get().handler().handle(new CommandRequest(args, Optional.empty(), FormSession.ADMIN))
                    .toCompletableFuture().get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return answer == null || answer.isBlank();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | CompletionException e) {
            return false;
        } catch (RuntimeException e) {
            return false; // a command refusing its arguments throws before its stage exists
        }
    }

}
