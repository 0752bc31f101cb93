package io.ganglion.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceSnapshot.Freshness;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String BE = "be_api";

    private PolicyMemory memory = PolicyMemory.EMPTY;
    private Instant now = T0;
    private PolicyRules rules = PolicyRules.DEFAULTS;

    // ---- helpers: a registry answer, a balancer state, one cycle ----

    private static Endpoint endpoint(String host, int port, int weight) {
        return new Endpoint("i_" + host + ":" + port, host, port, weight, List.of(), Map.of(), Map.of());
    }

    private static String name(Endpoint endpoint) {
        return ServerNames.of(endpoint);
    }

    private static DesiredBackend desired(long revision, Freshness freshness, Endpoint... endpoints) {
        return desired(false, new ServiceSnapshot("api", List.of(endpoints), revision, freshness, 0));
    }

    private static DesiredBackend desired(boolean managed, ServiceSnapshot snapshot) {
        return new DesiredBackend("api", BE, Optional.ofNullable(snapshot), List.of("check", "inter", "2s"), managed, "zxid",
                Optional.empty());
    }

    private static DesiredBackend fresh(long revision, Endpoint... endpoints) {
        return desired(revision, Freshness.FRESH, endpoints);
    }

    private static ActualServer ready(Endpoint e) {
        return new ActualServer(name(e), e.host(), e.port(), e.weight(), e.weight(), ServerMode.READY, 0);
    }

    private static ActualBackend actual(ActualServer... servers) {
        return new ActualBackend(BE, Arrays.asList(servers));
    }

    /** Runs one cycle and keeps the policy's memory for the next, as the loop does. */
    private Plan cycle(DesiredBackend desired, ActualBackend actual) {
        Plan plan = Reconciler.plan(desired, actual, new Policy(rules, memory, now));
        memory = plan.next();
        return plan;
    }

    private final Endpoint a = endpoint("10.0.0.1", 8080, 1);
    private final Endpoint b = endpoint("10.0.0.2", 8080, 1);
    private final Endpoint c = endpoint("10.0.0.3", 8080, 1);

    // ---- adds, changes in place ----

    @Test
    void addsMissingServersWithTheBackendsOptionsAndTheRegistryRevisionAsCause() {
        Plan plan = cycle(fresh(42, a, b), actual());

        assertThat(plan.actions()).containsExactly(
                new Action.Add(BE, name(a), "10.0.0.1", 8080, 1, List.of("check", "inter", "2s", "weight", "1"), ServerMode.READY, -1,
                        new Cause(Cause.Kind.REGISTRY, "api at zxid 42")),
                new Action.Add(BE, name(b), "10.0.0.2", 8080, 1, List.of("check", "inter", "2s", "weight", "1"), ServerMode.READY, -1,
                        new Cause(Cause.Kind.REGISTRY, "api at zxid 42")));
    }

    @Test
    void nothingToDoWhenTheBalancerMatches() {
        assertThat(cycle(fresh(1, a, b), actual(ready(a), ready(b))).actions()).isEmpty();
    }

    @Test
    void weightAndAddressChangeInPlace() {
        Endpoint heavier = new Endpoint(a.id(), a.host(), a.port(), 7, List.of(), Map.of(), Map.of());
        Endpoint moved = new Endpoint(b.id(), "10.0.9.9", 9090, 1, List.of(), Map.of(), Map.of());
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));

        Plan plan = cycle(fresh(2, heavier, moved), actual(ready(a), ready(b)));

        Cause cause = new Cause(Cause.Kind.REGISTRY, "api at zxid 2");
        assertThat(plan.actions()).containsExactlyInAnyOrder(
                new Action.SetWeight(BE, name(a), 7, cause),
                new Action.SetAddress(BE, name(b), "10.0.9.9", 9090, cause));
    }

    @Test
    void weightsAboveHaproxysMaximumAreCapped() {
        Endpoint huge = endpoint("10.0.0.1", 8080, 1000);
        assertThat(cycle(fresh(1, huge), actual()).actions()).singleElement()
                .satisfies(action -> assertThat(((Action.Add) action).weight()).isEqualTo(256));
    }

    @Test
    void serverNamesAreDerivedFromTheEndpointAlone() {
        Endpoint consul = new Endpoint("node1/web 1", "10.0.0.1", 80, 1, List.of(), Map.of(), Map.of());
        Endpoint sameButSlash = new Endpoint("node1_web_1", "10.0.0.1", 80, 1, List.of(), Map.of(), Map.of());
        assertThat(ServerNames.of(a)).isEqualTo("g-i_10.0.0.1:8080").isEqualTo(ServerNames.of(endpoint("10.0.0.1", 8080, 5)));
        assertThat(ServerNames.of(consul)).matches("g-node1_web_1-[0-9a-f]{8}").isNotEqualTo(ServerNames.of(sameButSlash));
        assertThat(ServerNames.isAgents("web1")).isFalse();
    }

    // ---- removal: drain, then maint + delete ----

    @Test
    void removalDrainsFirstThenDeletesOnceNoSessionsAreLeft() {
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));

        Plan drain = cycle(fresh(2, a), actual(ready(a), ready(b)));
        assertThat(drain.actions()).containsExactly(new Action.SetState(BE, name(b), ServerMode.DRAIN,
                new Cause(Cause.Kind.REGISTRY, "api at zxid 2")));

        ActualServer draining = new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.DRAIN, 3);
        assertThat(cycle(fresh(2, a), actual(ready(a), draining)).actions()).as("sessions left: wait").isEmpty();

        ActualServer drained = new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.DRAIN, 0);
        assertThat(cycle(fresh(2, a), actual(ready(a), drained)).actions())
                .containsExactly(new Action.Delete(BE, name(b), new Cause(Cause.Kind.REGISTRY, "api at zxid 2")));
    }

    @Test
    void drainTimeoutShutsTheRemainingSessionsThenDeletesWhenNoneIsLeft() {
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));
        cycle(fresh(2, a), actual(ready(a), ready(b)));
        now = now.plus(PolicyRules.DEFAULTS.drainTimeout());

        Plan plan = cycle(fresh(2, a), actual(ready(a), new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.DRAIN, 2)));
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.ShutSessions.class,
                shut -> assertThat(shut.cause().kind()).isEqualTo(Cause.Kind.POLICY));

        // HAProxy ends the cut streams a moment after answering: a session may still show.
        ActualServer cut = new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.MAINT, 1);
        assertThat(cycle(fresh(2, a), actual(ready(a), cut)).actions()).singleElement().isInstanceOf(Action.ShutSessions.class);
        ActualServer empty = new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.MAINT, 0);
        assertThat(cycle(fresh(2, a), actual(ready(a), empty)).actions())
                .containsExactly(new Action.Delete(BE, name(b), new Cause(Cause.Kind.REGISTRY, "api at zxid 2")));
    }

    @Test
    void aServerThatReturnsWhileDrainingIsMadeReadyAgain() {
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));
        cycle(fresh(2, a), actual(ready(a), ready(b)));

        Plan plan = cycle(fresh(3, a, b), actual(ready(a), new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.DRAIN, 1)));

        assertThat(plan.actions()).containsExactly(new Action.SetState(BE, name(b), ServerMode.READY,
                new Cause(Cause.Kind.REGISTRY, "api at zxid 3")));
    }

    // ---- managed vs unmanaged ----

    @Test
    void serversTheAgentDidNotCreateAreLeftAloneUnlessTheBackendIsManaged() {
        ActualServer fromConfig = new ActualServer("web1", "10.0.0.50", 80, 1, 1, ServerMode.READY, 0);

        assertThat(cycle(fresh(1, a), actual(ready(a), fromConfig)).actions()).isEmpty();

        memory = PolicyMemory.EMPTY;
        Plan managed = cycle(desired(true, new ServiceSnapshot("api", List.of(a), 1, Freshness.FRESH, 0)), actual(ready(a), fromConfig));
        assertThat(managed.actions()).extracting(Action::server, Action::kind).containsExactly(org.assertj.core.groups.Tuple.tuple("web1", "drain"));
    }

    // ---- safety policy ----

    @Test
    void neverAnsweredChangesNothingEvenWithServersPresent() {
        Plan plan = cycle(desired(false, null), actual(ready(a), ready(b)));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.held()).extracting(Held::rule).containsExactly("never-answered");
    }

    @Test
    void answeredEmptyAfterARestartIsHeldAsAShrink() {
        Plan plan = cycle(fresh(5), actual(ready(a), ready(b)));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.held()).extracting(Held::rule).contains("shrink");
    }

    @Test
    void staleSnapshotRemovesNothing() {
        cycle(fresh(1, a, b, c), actual(ready(a), ready(b), ready(c)));

        Plan plan = cycle(desired(1, Freshness.STALE, a), actual(ready(a), ready(b), ready(c)));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.held()).extracting(Held::rule).containsExactly("stale", "stale", "stale");
    }

    @Test
    void sharpShrinkIsHeldUntilConfirmedAfterTheDelay() {
        cycle(fresh(1, a, b, c), actual(ready(a), ready(b), ready(c)));

        Plan first = cycle(fresh(2, a), actual(ready(a), ready(b), ready(c)));
        assertThat(first.actions()).isEmpty();
        assertThat(first.held()).extracting(Held::rule).contains("shrink");

        now = now.plus(PolicyRules.DEFAULTS.confirmDelay()).minusMillis(1);
        assertThat(cycle(fresh(2, a), actual(ready(a), ready(b), ready(c))).actions()).as("not yet confirmed").isEmpty();

        now = now.plusMillis(1);
        assertThat(cycle(fresh(2, a), actual(ready(a), ready(b), ready(c))).actions())
                .extracting(Action::kind).containsExactly("drain", "drain");
    }

    @Test
    void aShrinkThatChangesWhileHeldStartsItsDelayAgain() {
        cycle(fresh(1, a, b, c), actual(ready(a), ready(b), ready(c)));
        cycle(fresh(2, a), actual(ready(a), ready(b), ready(c)));
        now = now.plus(PolicyRules.DEFAULTS.confirmDelay());

        assertThat(cycle(fresh(3), actual(ready(a), ready(b), ready(c))).actions()).isEmpty();
    }

    @Test
    void aModestShrinkIsNotHeld() {
        Endpoint d = endpoint("10.0.0.4", 8080, 1);
        cycle(fresh(1, a, b, c, d), actual(ready(a), ready(b), ready(c), ready(d)));
        assertThat(cycle(fresh(2, a, b, c), actual(ready(a), ready(b), ready(c), ready(d))).actions())
                .extracting(Action::kind).containsExactly("drain");
    }

    @Test
    void removalsPerCycleAreCapped() {
        rules = new PolicyRules(1.0, Duration.ofSeconds(5), 2, Duration.ofSeconds(30), 3, Duration.ofMinutes(1));
        List<Endpoint> many = new ArrayList<>();
        List<ActualServer> servers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Endpoint e = endpoint("10.0.1." + i, 80, 1);
            many.add(e);
            servers.add(ready(e));
        }
        cycle(fresh(1, many.toArray(Endpoint[]::new)), new ActualBackend(BE, servers));

        Plan plan = cycle(fresh(2, many.get(0)), new ActualBackend(BE, servers));

        assertThat(plan.actions()).extracting(Action::kind).containsExactly("drain", "drain");
        assertThat(plan.held()).extracting(Held::rule).containsExactly("removal-cap", "removal-cap");
    }

    @Test
    void aFlappingEndpointIsNotAddedUntilItCalmsDown() {
        for (int flap = 0; flap < 3; flap++) {
            cycle(fresh(1, a), actual(ready(a)));
            now = now.plusSeconds(1);
            cycle(fresh(2), actual());
            now = now.plusSeconds(1);
        }
        Plan plan = cycle(fresh(3, a), actual());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.held()).extracting(Held::rule, Held::server).containsExactly(org.assertj.core.groups.Tuple.tuple("flap", name(a)));

        now = now.plus(PolicyRules.DEFAULTS.flapWindow());
        assertThat(cycle(fresh(3, a), actual()).actions()).extracting(Action::kind).containsExactly("add");
    }

    // ---- drift and operator overrides ----

    @Test
    void aServerMissingFromARestartedBalancerIsAddedBackAsDrift() {
        cycle(fresh(1, a), actual(ready(a)));
        assertThat(cycle(fresh(1, a), actual()).actions()).singleElement()
                .satisfies(action -> assertThat(action.cause().kind()).isEqualTo(Cause.Kind.DRIFT));
    }

    @Test
    void operatorMaintIsKeptAsAnOverrideUntilReleased() {
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));
        ActualServer maint = new ActualServer(name(a), a.host(), a.port(), 1, 1, ServerMode.MAINT, 0);

        for (int i = 0; i < 3; i++) {
            Plan plan = cycle(fresh(1, a, b), actual(maint, ready(b)));
            assertThat(plan.actions()).isEmpty();
            assertThat(plan.overrides()).extracting(OperatorOverride::server, OperatorOverride::mode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(name(a), ServerMode.MAINT));
        }

        memory = memory.release(name(a));
        Plan released = cycle(fresh(1, a, b), actual(maint, ready(b)));
        assertThat(released.actions()).containsExactly(new Action.SetState(BE, name(a), ServerMode.READY,
                new Cause(Cause.Kind.OPERATOR, "released to the agent")));
        assertThat(released.overrides()).isEmpty();
    }

    @Test
    void operatorWeightIsAnOverrideButARegistryWeightChangeIsNot() {
        cycle(fresh(1, a), actual(ready(a)));
        ActualServer handWeighted = new ActualServer(name(a), a.host(), a.port(), 50, 1, ServerMode.READY, 0);

        Plan plan = cycle(fresh(1, a), actual(handWeighted));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.overrides()).extracting(OperatorOverride::weight).containsExactly(50);

        memory = memory.release(name(a));
        assertThat(cycle(fresh(1, a), actual(handWeighted)).actions()).extracting(Action::kind).containsExactly("weight");
    }

    /**
     * Found by {@code ganglion bench converge}: the registry sets a weight to 0 and back to 1 before
     * the agent has seen its own {@code weight 0} in the balancer; the server still at 0 is then the
     * agent's pending change, not an operator's, and must be set back to 1.
     */
    @Test
    void aWeightTheAgentSetIsNotTakenForAnOperatorsWhenTheRegistryRevertsItAtOnce() {
        Endpoint zero = new Endpoint(a.id(), a.host(), a.port(), 0, List.of(), Map.of(), Map.of());
        cycle(fresh(1, a), actual(ready(a)));
        assertThat(cycle(fresh(2, zero), actual(ready(a))).actions()).extracting(Action::kind).containsExactly("weight");
        ActualServer atZero = new ActualServer(name(a), a.host(), a.port(), 0, 1, ServerMode.READY, 0);

        Plan plan = cycle(fresh(3, a), actual(atZero));

        assertThat(plan.overrides()).isEmpty();
        assertThat(plan.actions()).containsExactly(
                new Action.SetWeight(BE, name(a), 1, new Cause(Cause.Kind.REGISTRY, "api at zxid 3")));
    }

    @Test
    void aServerLostByARestartedBalancerComesBackWithTheOperatorsSettings() {
        cycle(fresh(1, a, b), actual(ready(a), ready(b)));
        cycle(fresh(1, a, b), actual(new ActualServer(name(a), a.host(), a.port(), 1, 1, ServerMode.MAINT, 0),
                new ActualServer(name(b), b.host(), b.port(), 9, 1, ServerMode.READY, 0)));

        Plan plan = cycle(fresh(1, a, b), actual());

        assertThat(plan.actions()).extracting(action -> ((Action.Add) action).mode(), action -> ((Action.Add) action).weight(),
                        action -> ((Action.Add) action).operatorWeight())
                .as("added with the registry's weight, then the operator's")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ServerMode.MAINT, 1, -1),
                        org.assertj.core.groups.Tuple.tuple(ServerMode.READY, 1, 9));
        assertThat(plan.overrides()).hasSize(2);

        Plan after = cycle(fresh(1, a, b), actual(new ActualServer(name(a), a.host(), a.port(), 1, 1, ServerMode.MAINT, 0),
                new ActualServer(name(b), b.host(), b.port(), 9, 1, ServerMode.READY, 0)));
        assertThat(after.actions()).as("the re-added servers keep the operator's settings").isEmpty();
        assertThat(after.overrides()).hasSize(2);
    }

    @Test
    void anAddedServerLeftInMaintenanceIsEnabledNotTakenForAnOverride() {
        cycle(fresh(1, a), actual());
        ActualServer stuck = new ActualServer(name(a), a.host(), a.port(), 1, 1, ServerMode.MAINT, 0);
        assertThat(cycle(fresh(1, a), actual(stuck)).actions()).extracting(Action::kind).containsExactly("ready");
    }

    // ---- a restarted agent: an empty memory, the overrides read back from the balancer ----

    private static ActualServer weighted(Endpoint e, int weight, int initialWeight) {
        return new ActualServer(name(e), e.host(), e.port(), weight, initialWeight, ServerMode.READY, 0);
    }

    private static Endpoint withWeight(Endpoint e, int weight) {
        return new Endpoint(e.id(), e.host(), e.port(), weight, List.of(), Map.of(), Map.of());
    }

    @Test
    void aRestartedAgentKeepsAnOperatorsWeight() {
        Plan plan = cycle(fresh(1, a, b), actual(weighted(a, 50, 1), ready(b)));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.overrides()).extracting(OperatorOverride::server, OperatorOverride::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(name(a), 50));
    }

    @Test
    void aRestartedAgentTakesTheRegistrysWeightAndTheInitialWeightForItsOwn() {
        Endpoint reweightedBeforeTheRestart = withWeight(a, 3);
        Endpoint reweightedWhileTheAgentWasDown = withWeight(b, 4);

        Plan plan = cycle(fresh(2, reweightedBeforeTheRestart, reweightedWhileTheAgentWasDown),
                actual(weighted(a, 3, 1), weighted(b, 1, 1)));

        assertThat(plan.overrides()).isEmpty();
        assertThat(plan.actions()).containsExactly(
                new Action.SetWeight(BE, name(b), 4, new Cause(Cause.Kind.REGISTRY, "api at zxid 2")));
    }

    @Test
    void aRestartedAgentKeepsAnOperatorsDrainAndMaintenance() {
        Plan plan = cycle(fresh(1, a, b), actual(new ActualServer(name(a), a.host(), a.port(), 1, 1, ServerMode.DRAIN, 2),
                new ActualServer(name(b), b.host(), b.port(), 1, 1, ServerMode.MAINT, 0)));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.overrides()).extracting(OperatorOverride::server, OperatorOverride::mode).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(name(a), ServerMode.DRAIN),
                org.assertj.core.groups.Tuple.tuple(name(b), ServerMode.MAINT));
    }

    /** The limit of what the balancer gives back (see {@link Reconciler}): when in doubt, the operator's. */
    @Test
    void aWeightTheAgentSetForARegistryWeightThatChangedAgainWhileItWasDownIsKeptAsAnOverride() {
        Plan plan = cycle(fresh(3, withWeight(a, 5)), actual(weighted(a, 3, 1)));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.overrides()).extracting(OperatorOverride::weight).containsExactly(3);
    }

    @Test
    void aWeightPutBackToTheInitialWeightByHandIsTheAgentsAgain() {
        Endpoint heavier = withWeight(a, 4);
        cycle(fresh(1, a), actual(ready(a)));
        assertThat(cycle(fresh(2, heavier), actual(ready(a))).actions()).extracting(Action::kind).containsExactly("weight");
        assertThat(cycle(fresh(2, heavier), actual(weighted(a, 4, 1))).actions()).isEmpty();

        Plan plan = cycle(fresh(2, heavier), actual(weighted(a, 1, 1))); // set weight be_api/a 100%

        assertThat(plan.overrides()).isEmpty();
        assertThat(plan.actions()).extracting(Action::kind).containsExactly("weight");
    }

    @Test
    void aWeightChangeTheBalancerRefusedIsRetriedNotTakenForAnOperators() {
        cycle(fresh(1, a), actual(weighted(a, 2, 1)));
        assertThat(memory.overrides()).hasSize(1);
        memory = memory.release(name(a));
        Endpoint heavier = withWeight(a, 4);
        assertThat(cycle(fresh(2, heavier), actual(weighted(a, 2, 1))).actions()).extracting(Action::kind).containsExactly("weight");

        Plan retried = cycle(fresh(2, heavier), actual(weighted(a, 2, 1)));

        assertThat(retried.overrides()).isEmpty();
        assertThat(retried.actions()).extracting(Action::kind).containsExactly("weight");
    }

    // ---- slot mode (server-template) ----

    private static DesiredBackend slots(long revision, Endpoint... endpoints) {
        return new DesiredBackend("api", BE, Optional.of(new ServiceSnapshot("api", List.of(endpoints), revision,
                Freshness.FRESH, 0)), List.of("check"), false, "zxid", Optional.of("srv"));
    }

    private static ActualServer slot(int n, String host, int port, ServerMode mode) {
        return new ActualServer("srv" + n, host, port, 1, 1, mode, 0);
    }

    @Test
    void slotModeFillsFreeSlotsInOrderAndLeavesOtherServersAlone() {
        Plan plan = cycle(slots(1, a, b), actual(slot(2, "127.0.0.1", 1, ServerMode.MAINT),
                slot(1, "127.0.0.1", 1, ServerMode.MAINT), new ActualServer("web1", "10.9.9.9", 80, 1, 1, ServerMode.READY, 0)));

        Cause cause = new Cause(Cause.Kind.REGISTRY, "api at zxid 1");
        assertThat(plan.actions()).containsExactly(
                new Action.Fill(BE, "srv1", "10.0.0.1", 8080, true, cause),
                new Action.Fill(BE, "srv2", "10.0.0.2", 8080, true, cause));
        assertThat(plan.converged()).isFalse();
    }

    @Test
    void slotModeRecognisesFilledSlotsByAddressAndFreesLeftSlotsThroughDrain() {
        ActualServer holdsA = slot(1, "10.0.0.1", 8080, ServerMode.READY);
        ActualServer holdsB = slot(2, "10.0.0.2", 8080, ServerMode.READY);
        Endpoint d = endpoint("10.0.0.4", 8080, 1);
        assertThat(cycle(slots(1, a, b, c, d), actual(holdsA, holdsB, slot(3, "10.0.0.3", 8080, ServerMode.READY),
                slot(4, "10.0.0.4", 8080, ServerMode.READY))).converged()).isTrue();

        Plan drain = cycle(slots(2, a, c, d), actual(holdsA, holdsB, slot(3, "10.0.0.3", 8080, ServerMode.READY),
                slot(4, "10.0.0.4", 8080, ServerMode.READY)));
        assertThat(drain.actions()).extracting(Action::server, Action::kind).containsExactly(org.assertj.core.groups.Tuple.tuple("srv2", "drain"));

        Plan free = cycle(slots(2, a, c, d), actual(holdsA, slot(2, "10.0.0.2", 8080, ServerMode.DRAIN),
                slot(3, "10.0.0.3", 8080, ServerMode.READY), slot(4, "10.0.0.4", 8080, ServerMode.READY)));
        assertThat(free.actions()).extracting(Action::server, Action::kind).containsExactly(org.assertj.core.groups.Tuple.tuple("srv2", "maint"));
    }

    @Test
    void slotModeHoldsAnEndpointWhenNoSlotIsFree() {
        Plan plan = cycle(slots(1, a, b), actual(slot(1, "127.0.0.1", 1, ServerMode.MAINT)));
        assertThat(plan.actions()).hasSize(1);
        assertThat(plan.held()).extracting(Held::rule).containsExactly("no-free-slot");
    }
}
