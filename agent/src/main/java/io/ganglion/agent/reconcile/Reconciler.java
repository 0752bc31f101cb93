package io.ganglion.agent.reconcile;


import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;

/**
 * Desired state + actual state + policy → {@link Plan}. A pure function: no I/O, no clock (the
 * time comes in {@link Policy#now()}), no state but what {@link PolicyMemory} carries in and out.
 *
 * <p>Rules, in the order a server meets them:
 * <ul>
 *   <li>The registry never answered: nothing at all changes.</li>
 *   <li>A stale answer (registry unreachable) removes nothing; a fresh answer that loses more than
 *       the allowed share of servers at once removes nothing until it has stood for the confirm delay.</li>
 *   <li>A wanted server that is missing is added (unless its endpoint flaps); one whose address or
 *       weight differs is changed in place; one in DRAIN or MAINT that the agent did not put there is
 *       an operator override and keeps its setting, as does a weight the operator changed by hand.</li>
 *   <li>An unwanted server of the agent's (or any server, in a managed backend) is drained (at most
 *       {@code maxRemovalsPerCycle} per cycle), then deleted once it has no sessions; when the drain
 *       timeout passes first, its sessions are shut, and it is deleted on the next cycle. Servers the agent did not create are left alone in unmanaged backends.</li>
 * </ul>
 *
 * <p><b>Overrides are read back from the balancer.</b> Whose setting a server has is judged from
 * what the balancer gives back, so that an agent restarted with an empty memory judges as the one
 * before it did. A weight is the registry's, or the agent's when it is the server's initial weight
 * ({@code srv_iweight}: the agent adds every server with the registry's weight of the moment, and
 * only {@code add server} sets it; HAProxy's {@code set weight B/S 100%} restores it) or one this
 * agent set itself (its memory, which only covers a change that lands after the registry moved
 * on); any other weight was set by hand. A DRAIN or MAINT is the agent's only while it is draining
 * or enabling the server itself; any other is an operator's. The agent reweights in place with
 * {@code set server B/S weight W}, which leaves the initial weight alone: only {@code del server}
 * and a new {@code add server} could move it, and a server is deleted only in maintenance with no
 * connection left, out of service. The price: a weight the agent set for a registry weight that
 * changed again while the agent was down cannot be told from an operator's, and the restarted
 * agent keeps it as an override (operators win) until {@code ganglion ctl release}.
 */
public final class Reconciler {

    private Reconciler() {
    }

    public static Plan plan(DesiredBackend desired, ActualBackend actual, Policy policy) {
        return new Planning(desired, actual, policy).run();
    }

    /** One call's working state; never shared. */
    private static final class Planning {
        private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

        private final DesiredBackend desired;
        private final String backend;
        private final Map<String, ActualServer> present;
        private final PolicyRules rules;
        private final PolicyMemory memory;
        private final Instant now;

        private final List<Action> actions = new ArrayList<>();
        private final List<Held> held = new ArrayList<>();
        private final Map<String, Instant> drainingSince;
        private final Map<String, Set<Integer>> ownWeights;
        private final Set<String> adding;
        private final Map<String, OperatorOverride> overrides;
        private final Map<String, List<Instant>> appearances;
        private Set<String> accepted;
        private Optional<PolicyMemory.PendingShrink> pendingShrink;
        private String removalsHeldBy; // null while removals are allowed
        private int drainsStarted;

        Planning(DesiredBackend desired, ActualBackend actual, Policy policy) {
            this.desired = desired;
            this.backend = desired.backend();
            this.present = actual.byName();
            this.rules = policy.rules();
            this.memory = policy.memory();
            this.now = policy.now();
            this.drainingSince = new HashMap<>(memory.drainingSince());
            this.ownWeights = new HashMap<>(memory.ownWeights());
            this.adding = new HashSet<>(memory.adding());
            this.overrides = new HashMap<>(memory.overrides());
            this.appearances = new HashMap<>(memory.appearances());
            this.accepted = memory.accepted();
            this.pendingShrink = memory.pendingShrink();
        }

        Plan run() {
            if (desired.snapshot().isEmpty()) {
                held.add(new Held(backend, "*", "never-answered",
                        "the registry has not answered since the agent started: nothing is added or removed"));
                return new Plan(actions, held, List.copyOf(overrides.values()), memory, false);
            }
            ServiceSnapshot snapshot = desired.snapshot().get();
            Map<String, Endpoint> wanted = new LinkedHashMap<>();
            snapshot.endpoints().forEach(endpoint -> wanted.put(ServerNames.of(endpoint), endpoint));
            Cause registry = new Cause(Cause.Kind.REGISTRY,
                    desired.service() + " at " + desired.revisionName() + " " + snapshot.revision());
            Set<String> lastSeen = memory.lastSeen();
            if (snapshot.isFresh()) {
                judgeShrink(wanted.keySet());
                countAppearances(wanted.keySet());
                lastSeen = wanted.keySet();
            } else {
                removalsHeldBy = "stale";
                held.add(new Held(backend, "*", "stale",
                        "the registry is unreachable: its last answer is kept and nothing is removed"));
            }
            if (desired.slotPrefix().isPresent()) {
                boolean converged = reconcileSlots(desired.slotPrefix().get(), wanted, registry);
                return new Plan(actions, held, List.of(), nextMemory(lastSeen, wanted.keySet()), converged);
            }
            wanted.forEach((name, endpoint) -> reconcileWanted(name, endpoint, present.get(name), registry));
            boolean leftovers = false;
            for (ActualServer server : present.values()) {
                if (!wanted.containsKey(server.name()) && (desired.managed() || ServerNames.isAgents(server.name()))) {
                    reconcileUnwanted(server, registry);
                    leftovers = true;
                }
            }
            boolean converged = actions.isEmpty() && held.isEmpty() && !leftovers
                    && present.keySet().containsAll(wanted.keySet());
            return new Plan(actions, held, List.copyOf(overrides.values()), nextMemory(lastSeen, wanted.keySet()), converged);
        }

        /** A fresh answer that loses too much at once waits for confirmation. */
        private void judgeShrink(Set<String> wantedNames) {
            Set<String> baseline = accepted.isEmpty() ? ourReadyServers() : accepted;
            Set<String> lost = new HashSet<>(baseline);
            lost.removeAll(wantedNames);
            boolean shrinking = !baseline.isEmpty() && lost.size() > rules.maxShrinkShare() * baseline.size();
            if (!shrinking) {
                accepted = Set.copyOf(wantedNames);
                pendingShrink = Optional.empty();
                return;
            }
            Optional<PolicyMemory.PendingShrink> same = pendingShrink.filter(p -> p.names().equals(wantedNames));
            if (same.isPresent() && !now.isBefore(same.get().since().plus(rules.confirmDelay()))) {
                accepted = Set.copyOf(wantedNames);
                pendingShrink = Optional.empty();
                return;
            }
            Instant since = same.map(PolicyMemory.PendingShrink::since).orElse(now);
            pendingShrink = Optional.of(new PolicyMemory.PendingShrink(wantedNames, since));
            removalsHeldBy = "shrink";
            held.add(new Held(backend, "*", "shrink", "the registry's answer drops " + lost.size() + " of "
                    + baseline.size() + " servers at once; held until it stands for " + rules.confirmDelay()
                    + " (since " + since + ")"));
        }

        private Set<String> ourReadyServers() {
            Set<String> ours = new HashSet<>();
            present.values().forEach(server -> {
                if (ServerNames.isAgents(server.name()) && server.mode() == ServerMode.READY) {
                    ours.add(server.name());
                }
            });
            return ours;
        }

        private void countAppearances(Set<String> wantedNames) {
            Instant horizon = now.minus(rules.flapWindow());
            for (String name : wantedNames) {
                List<Instant> times = new ArrayList<>(appearances.getOrDefault(name, List.of()));
                if (!memory.lastSeen().contains(name)) {
                    times.add(now);
                }
                times.removeIf(time -> time.isBefore(horizon));
                appearances.put(name, List.copyOf(times));
            }
            appearances.keySet().removeIf(name -> appearances.get(name).stream().allMatch(t -> t.isBefore(horizon)));
        }

        private void reconcileWanted(String name, Endpoint endpoint, ActualServer server, Cause registry) {
            int weight = desired.weights().weightOf(endpoint);
            if (server == null) {
                add(name, endpoint, weight, registry);
                return;
            }
            boolean released = memory.released().contains(name);
            if (IP_LITERAL.matcher(endpoint.host()).matches()
                    && (!endpoint.host().equals(server.host()) || endpoint.port() != server.port())) {
                actions.add(new Action.SetAddress(backend, name, endpoint.host(), endpoint.port(), registry));
            }
            reconcileMode(name, server, released, registry);
            reconcileWeight(name, server, weight, released, registry);
        }

        private void add(String name, Endpoint endpoint, int weight, Cause registry) {
            int seen = appearances.getOrDefault(name, List.of()).size();
            if (seen > rules.flapLimit()) {
                held.add(new Held(backend, name, "flap", "appeared " + seen + " times within " + rules.flapWindow()
                        + "; added once it stops flapping"));
                return;
            }
            Cause cause = ownWeights.containsKey(name)
                    ? new Cause(Cause.Kind.DRIFT, "server missing from the balancer (restarted or edited by hand)")
                    : registry;
            // A balancer that lost the server (a restart) gets the operator's settings back with it,
            // the weight set after the add so that the initial weight stays the registry's.
            OperatorOverride override = overrides.get(name);
            ServerMode mode = override == null || override.mode() == null ? ServerMode.READY : override.mode();
            int operatorWeight = override == null ? -1 : override.weight();
            List<String> options = new ArrayList<>(desired.serverOptions());
            options.addAll(List.of("weight", Integer.toString(weight)));
            actions.add(new Action.Add(backend, name, endpoint.host(), endpoint.port(), weight, options, mode,
                    operatorWeight, cause));
            adding.add(name);
            drainingSince.remove(name);
        }

        /**
         * READY is the agent's; DRAIN or MAINT is the agent's only while it is itself draining the
         * server or enabling one it added (work it remembers), and an operator's otherwise. The admin
         * state does not say who set it (HAProxy's {@code set server ... state} sets the same "forced"
         * bit for anyone), so a restarted agent, with no work under way, reads every DRAIN or MAINT of
         * a wanted server as an operator's: it keeps it.
         */
        private void reconcileMode(String name, ActualServer server, boolean released, Cause registry) {
            OperatorOverride override = overrides.get(name);
            if (server.mode() == ServerMode.READY) {
                adding.remove(name);
                drainingSince.remove(name);
                if (override != null && override.mode() != null) {
                    keepOrDropOverride(name, null, override.weight()); // the operator made it ready by hand
                }
                return;
            }
            if (drainingSince.remove(name) != null) {
                actions.add(new Action.SetState(backend, name, ServerMode.READY, registry)); // wanted again
            } else if (released) {
                actions.add(new Action.SetState(backend, name, ServerMode.READY,
                        new Cause(Cause.Kind.OPERATOR, "released to the agent")));
            } else if (override != null && override.mode() == server.mode()) {
                adding.remove(name); // re-added in the operator's state after a balancer restart
            } else if (adding.contains(name)) {
                actions.add(new Action.SetState(backend, name, ServerMode.READY,
                        new Cause(Cause.Kind.DRIFT, "added but not yet enabled")));
            } else {
                keepOrDropOverride(name, server.mode(), override == null ? -1 : override.weight());
            }
        }

        /**
         * The registry's weight is in step; the server's initial weight or a weight this agent set is
         * the agent's, out of date, and set to the registry's; any other weight is an operator's and
         * kept. Judged afresh every cycle, so a restarted agent keeps the same overrides.
         */
        private void reconcileWeight(String name, ActualServer server, int weight, boolean released, Cause registry) {
            OperatorOverride override = overrides.get(name);
            ServerMode overriddenMode = override == null ? null : override.mode();
            if (server.weight() == weight) {
                ownWeights.put(name, Set.of(weight));
                keepOrDropOverride(name, overriddenMode, -1);
                return;
            }
            boolean agents = server.weight() == server.initialWeight()
                    || ownWeights.getOrDefault(name, Set.of()).contains(server.weight());
            if (!agents && !released) {
                keepOrDropOverride(name, overriddenMode, server.weight());
                return;
            }
            keepOrDropOverride(name, overriddenMode, -1);
            // The weight left behind stays the agent's until the balancer shows the new one: the
            // registry may move again first, or the balancer refuse the change.
            Set<Integer> own = new HashSet<>(ownWeights.getOrDefault(name, Set.of()));
            own.add(server.weight());
            own.add(weight);
            ownWeights.put(name, own);
            Cause cause = released ? new Cause(Cause.Kind.OPERATOR, "released to the agent") : registry;
            actions.add(new Action.SetWeight(backend, name, weight, cause));
        }

        /** Records an override with these parts, or drops it when no part is left. */
        private void keepOrDropOverride(String name, ServerMode mode, int weight) {
            if (mode == null && weight < 0) {
                overrides.remove(name);
                return;
            }
            OperatorOverride old = overrides.get(name);
            overrides.put(name, new OperatorOverride(backend, name, mode, weight, old == null ? now : old.since()));
        }

        private void reconcileUnwanted(ActualServer server, Cause registry) {
            String name = server.name();
            overrides.remove(name); // the registry withdrew it: an operator's setting does not keep it alive
            adding.remove(name);
            switch (server.mode()) {
                case READY -> startDrain(name, registry);
                case DRAIN -> {
                    Instant since = drainingSince.computeIfAbsent(name, n -> now);
                    if (server.sessions() == 0) {
                        actions.add(new Action.Delete(backend, name, registry));
                    } else if (!now.isBefore(since.plus(rules.drainTimeout()))) {
                        actions.add(new Action.ShutSessions(backend, name, new Cause(Cause.Kind.POLICY,
                                "drain timeout " + rules.drainTimeout() + " passed with " + server.sessions() + " sessions")));
                    }
                }
                case MAINT -> actions.add(server.sessions() == 0 ? new Action.Delete(backend, name, registry)
                        : new Action.ShutSessions(backend, name, registry));
            }
        }

        private void startDrain(String name, Cause registry) {
            if (removalsHeldBy != null) {
                held.add(new Held(backend, name, removalsHeldBy, "not in the registry's answer, kept"));
            } else if (drainsStarted >= rules.maxRemovalsPerCycle()) {
                held.add(new Held(backend, name, "removal-cap",
                        "at most " + rules.maxRemovalsPerCycle() + " removals start per cycle"));
            } else {
                drainsStarted++;
                drainingSince.put(name, now);
                actions.add(new Action.SetState(backend, name, ServerMode.DRAIN, registry));
            }
        }

        /**
         * Slot mode ({@code server-template} backends, for a balancer without dynamic servers): a slot
         * holds the endpoint whose address it has; an endpoint without one fills a free slot (a slot in
         * maintenance that holds nobody wanted); a slot whose endpoint left is drained, then put back
         * in maintenance, which frees it. Weights stay as configured (static algorithms accept no
         * other) and operator overrides are not tracked here.
         *
         * @return whether the backend already equals the registry
         */
        private boolean reconcileSlots(String prefix, Map<String, Endpoint> wanted, Cause registry) {
            Pattern slotName = Pattern.compile(Pattern.quote(prefix) + "[0-9]+");
            Map<String, Endpoint> unplaced = new LinkedHashMap<>();
            wanted.values().forEach(endpoint -> unplaced.put(endpoint.host() + ":" + endpoint.port(), endpoint));
            List<ActualServer> free = new ArrayList<>();
            boolean leftovers = false;
            for (ActualServer slot : present.values()) {
                if (!slotName.matcher(slot.name()).matches()) {
                    continue;
                }
                Endpoint occupant = unplaced.remove(slot.host() + ":" + slot.port());
                if (occupant != null) {
                    if (slot.mode() != ServerMode.READY) {
                        drainingSince.remove(slot.name());
                        actions.add(new Action.SetState(backend, slot.name(), ServerMode.READY, registry));
                    }
                } else if (slot.mode() == ServerMode.MAINT) {
                    free.add(slot);
                } else {
                    leftovers = true;
                    freeSlot(slot, registry);
                }
            }
            free.sort((a, b) -> Integer.compare(slotNumber(a.name(), prefix), slotNumber(b.name(), prefix)));
            for (Endpoint endpoint : unplaced.values()) {
                if (free.isEmpty()) {
                    this.held.add(new Held(backend, ServerNames.of(endpoint), "no-free-slot",
                            "every " + prefix + "N slot is taken; add slots to the server-template"));
                    continue;
                }
                ActualServer slot = free.remove(0);
                actions.add(new Action.Fill(backend, slot.name(), endpoint.host(), endpoint.port(),
                        desired.serverOptions().contains("check"), registry));
            }
            return actions.isEmpty() && this.held.isEmpty() && !leftovers;
        }

        private static int slotNumber(String name, String prefix) {
            return Integer.parseInt(name.substring(prefix.length()));
        }

        /** A slot whose endpoint left: drained like any server, then back to maintenance (not deleted). */
        private void freeSlot(ActualServer slot, Cause registry) {
            if (slot.mode() == ServerMode.READY) {
                startDrain(slot.name(), registry);
                return;
            }
            Instant since = drainingSince.computeIfAbsent(slot.name(), n -> now);
            if (slot.sessions() == 0 || !now.isBefore(since.plus(rules.drainTimeout()))) {
                actions.add(new Action.SetState(backend, slot.name(), ServerMode.MAINT, registry));
            }
        }

        /** Forgets servers that are gone for good; an override lives on while its endpoint is wanted (a restart may re-add it). */
        private PolicyMemory nextMemory(Set<String> lastSeen, Set<String> wantedNames) {
            drainingSince.keySet().retainAll(present.keySet());
            ownWeights.keySet().retainAll(present.keySet());
            overrides.keySet().removeIf(name -> !present.containsKey(name) && !wantedNames.contains(name));
            return new PolicyMemory(accepted, pendingShrink, drainingSince, appearances, lastSeen, ownWeights,
                    adding, overrides, Set.of());
        }
    }

}
