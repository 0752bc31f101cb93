package io.ganglion.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.ganglion.agent.reconcile.Action;
import io.ganglion.agent.reconcile.Cause;
import io.ganglion.agent.reconcile.ServerMode;
import io.ganglion.runtime.Command;
import org.junit.jupiter.api.Test;

class ActionCommandsTest {

    private static final Cause DRIFT = new Cause(Cause.Kind.DRIFT, "server missing from the balancer");

    /**
     * A server re-added after a balancer restart with an operator's weight: added with the
     * registry's weight (its initial weight stays the agent's), given the operator's weight while
     * still in maintenance, then put in the operator's state.
     */
    @Test
    void aReAddedServerGetsTheOperatorsWeightAfterTheAddAndBeforeItServes() {
        Action.Add add = new Action.Add("be_api", "g-a", "10.0.0.1", 8080, 1, List.of("check", "weight", "1"),
                ServerMode.DRAIN, 50, DRIFT);

        assertThat(ActionCommands.of(add)).extracting(Command::line).containsExactly(
                "add server be_api/g-a 10.0.0.1:8080 check weight 1",
                "enable health be_api/g-a",
                "set server be_api/g-a weight 50",
                "set server be_api/g-a state drain");
    }

    @Test
    void aNewServerIsAddedWithTheRegistrysWeightAlone() {
        Action.Add add = new Action.Add("be_api", "g-a", "10.0.0.1", 8080, 3, List.of("weight", "3"),
                ServerMode.READY, -1, DRIFT);

        assertThat(ActionCommands.of(add)).extracting(Command::line).containsExactly(
                "add server be_api/g-a 10.0.0.1:8080 weight 3",
                "set server be_api/g-a state ready");
    }

    /** Two cycles: the sessions are shut, and the server is deleted once the balancer shows none. */
    @Test
    void sessionsLeftByATimedOutDrainAreShutBeforeTheDeleteIsSent() {
        assertThat(ActionCommands.of(new Action.ShutSessions("be_api", "g-a", DRIFT))).extracting(Command::line)
                .containsExactly("set server be_api/g-a state maint", "shutdown sessions server be_api/g-a");
        assertThat(ActionCommands.of(new Action.Delete("be_api", "g-a", DRIFT))).extracting(Command::line)
                .containsExactly("set server be_api/g-a state maint", "del server be_api/g-a");
    }
}
