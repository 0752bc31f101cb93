package io.ganglion.agent.status;

import java.util.List;

/**
 * Everything {@code /status} shows, as of the last reconcile cycle. Immutable: the loop publishes
 * a new one per cycle.
 *
 * @param lastSync  ISO-8601 time of the last cycle that read the balancer, or null
 * @param lastError the last cycle-wide problem (e.g. the socket unreachable), or null once a cycle succeeds
 */
public record StatusView(String lastSync, String lastError, long cycles, List<BackendStatus> services,
                         List<RegistrationStatus> registrations) {

    public static final StatusView INITIAL = new StatusView(null, null, 0, List.of(), List.of());

    public StatusView withRegistrations(List<RegistrationStatus> now) {
        return new StatusView(lastSync, lastError, cycles, services, List.copyOf(now));
    }
}
