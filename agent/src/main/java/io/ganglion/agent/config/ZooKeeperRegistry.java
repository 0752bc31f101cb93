package io.ganglion.agent.config;

import java.time.Duration;

/**
 * @param connect           {@code host:port[,host:port...]}
 * @param chroot            prefix of every path, e.g. {@code /smartstack}; optional
 * @param auth              {@code user:password} for the digest scheme; optional
 * @param sessionTimeout    optional (Curator's 60 s)
 * @param connectionTimeout optional (Curator's 15 s)
 */
public record ZooKeeperRegistry(String connect, String chroot, String auth, Duration sessionTimeout,
                                Duration connectionTimeout) implements RegistrySettings {
}
