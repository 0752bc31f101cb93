package io.ganglion.agent.status;

import java.time.Instant;

/**
 * One {@code register:} entry as {@code /status} shows it.
 *
 * @param registered     whether the registry has the instance published right now (confirmed by it)
 * @param lastCheck      the latest check result, e.g. {@code http 200} or {@code tcp refused}
 * @param state          {@code registered}; {@code registering} (the checks pass, the
 *                       first attempt is under way); {@code retrying} (the last attempt to register or
 *                       deregister failed: see {@code lastError}); {@code checks_failing} (the checks do not
 *                       pass, or not yet: nothing is published); {@code deregistering}; {@code stopped}
 * @param since          when the entry entered this state
 * @param lastError      why the last attempt failed, while {@code retrying}; else null
 * @param failedAttempts failed attempts in a row
 * @param nextRetry      when the next attempt is due, while {@code retrying}; else null
 */
public record RegistrationStatus(String service, String registry, String address, boolean registered,
                                 String lastCheck, String state, Instant since, String lastError, int failedAttempts,
                                 Instant nextRetry) {
}
