package io.ganglion.agent.execute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ganglion.agent.reconcile.Action;
import io.ganglion.agent.reconcile.ServerMode;
import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.Weight;

/** The socket commands that carry out one {@link Action}, in the order they must run. */
final class ActionCommands {

    private ActionCommands() {
    }

    static List<Command> of(Action action) {
        String b = action.backend();
        String s = action.server();
        if (action instanceof Action.Add add) {
            // HAProxy adds a dynamic server in maintenance, with its checks off.
            List<Command> commands = new ArrayList<>();
            commands.add(Commands.addServer(b, s, address(add.host(), add.port()), add.options()));
            if (add.options().contains("check")) {
                commands.add(Commands.enableHealth(b, s));
            }
            if (add.operatorWeight() >= 0) {
                // Still in maintenance: no request sees the initial weight before the operator's.
                commands.add(Commands.setServerWeight(b, s, Weight.absolute(add.operatorWeight())));
            }
            commands.add(Commands.setServerState(b, s, adminState(add.mode())));
            return commands;
        }
        if (action instanceof Action.Fill fill) {
            List<Command> commands = new ArrayList<>();
            commands.add(Commands.setServerAddr(b, s, fill.host(), fill.port()));
            if (fill.checked()) {
                commands.add(Commands.enableHealth(b, s));
            }
            commands.add(Commands.setServerState(b, s, AdminState.READY));
            return commands;
        }
        if (action instanceof Action.SetWeight weight) {
            return List.of(Commands.setServerWeight(b, s, Weight.absolute(weight.weight())));
        }
        if (action instanceof Action.SetAddress address) {
            return List.of(Commands.setServerAddr(b, s, address.host(), address.port()));
        }
        if (action instanceof Action.SetState state) {
            return List.of(Commands.setServerState(b, s, adminState(state.mode())));
        }
        if (action instanceof Action.ShutSessions) {
            return List.of(Commands.setServerState(b, s, AdminState.MAINT), Commands.shutdownSessionsServer(b, s));
        }
        return List.of(Commands.setServerState(b, s, AdminState.MAINT), Commands.delServer(b, s));
    }

    private static AdminState adminState(ServerMode mode) {
        return AdminState.valueOf(mode.name().toUpperCase(Locale.ROOT));
    }

    private static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
