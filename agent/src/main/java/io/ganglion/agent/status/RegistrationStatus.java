package io.ganglion.agent.status;

/**
 * One {@code register:} entry as {@code /status} shows it.
 *
 * @param registered whether the instance is published right now
 * @param lastCheck  the latest check result, e.g. {@code http 200} or {@code tcp refused}
 */
public record RegistrationStatus(String service, String registry, String address, boolean registered,
                                 String lastCheck) {
}
