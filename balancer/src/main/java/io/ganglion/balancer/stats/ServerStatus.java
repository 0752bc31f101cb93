package io.ganglion.balancer.stats;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;

/**
 * A server's {@code status} column, in HAProxy's words: MAINT first, then the operational state
 * with the check health progress ({@code UP 1/3} = going down, {@code DOWN 1/2} = going up),
 * DRAIN, NOLB, and {@code no check} for an UP server without active checks.
 */
public final class ServerStatus {
    private ServerStatus() {
    }

    public static String of(Server server) {
        ServerSettings s = server.settings();
        if (s.admin() == AdminState.MAINT) {
            return "MAINT";
        }
        if (s.effectiveAdmin() == AdminState.MAINT) {
            return "MAINT (via " + server.tracked().qualifiedName() + ")";
        }
        // HAProxy reads the agent of the server at the end of the tracking chain
        Server root = server.trackRoot();
        boolean agent = root.agent().enabled();
        String agentNote = agent ? " (agent)" : "";
        // the health progress is the one of the checks that decide, the tracked server's for a
        // tracker; an agent alone leaves an UP server "no check", as in HAProxy
        boolean checked = root.settings().checksEnabled();
        int rise = root.spec().get(CheckOptions.RISE);
        int fall = root.spec().get(CheckOptions.FALL);
        int full = rise + fall - 1;
        int health = root.checkHealth();
        if (s.health() == OperationalState.UP) {
            boolean goingDown = checked && health < full;
            String progress = goingDown ? " " + (health - rise + 1) + "/" + fall : "";
            if (s.effectiveAdmin() == AdminState.DRAIN) {
                return "DRAIN" + progress + agentNote;
            }
            return goingDown ? "UP" + progress : checked ? "UP" : "no check";
        }
        if (s.health() == OperationalState.STOPPING) {
            return !checked || health == full ? "NOLB" : "NOLB " + (health - rise + 1) + "/" + fall;
        }
        if (root.agent().holdsDown()) {
            return "DOWN (agent)";
        }
        return checked && health > 0 ? "DOWN " + health + "/" + rise : "DOWN";
    }
}
