package io.ganglion.agent.config;

/**
 * @param address    the local Consul agent, e.g. {@code http://127.0.0.1:8500}
 * @param datacenter optional
 * @param token      optional; prefer {@code token_file}, which keeps the secret out of the config
 * @param tokenFile  optional
 */
public record ConsulRegistry(String address, String datacenter, String token, String tokenFile)
        implements RegistrySettings {
}
