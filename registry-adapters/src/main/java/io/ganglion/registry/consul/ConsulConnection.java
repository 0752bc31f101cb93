package io.ganglion.registry.consul;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the local Consul agent's HTTP API.
 *
 * @param agent          e.g. {@code http://127.0.0.1:8500}
 * @param token          an ACL token given inline
 * @param tokenFile      a file holding the ACL token; read again for every request, so a rotated
 *                       token is picked up without a restart (wins over {@code token})
 * @param connectTimeout TCP connect timeout
 */
public record ConsulConnection(URI agent, Optional<String> token, Optional<Path> tokenFile, Duration connectTimeout) {

    public ConsulConnection {
        requireNonNull(agent, "agent");
        requireNonNull(token, "token");
        requireNonNull(tokenFile, "tokenFile");
        requireNonNull(connectTimeout, "connectTimeout");
        if (!"http".equals(agent.getScheme()) && !"https".equals(agent.getScheme()) || agent.getHost() == null || agent.getPort() < 0) {
            throw new IllegalArgumentException("Consul agent address must be http(s)://host:port, got " + agent);
        }
    }

    public static ConsulConnection of(URI agent) {
        return new ConsulConnection(agent, Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    public ConsulConnection withToken(String aclToken) {
        return new ConsulConnection(agent, Optional.of(aclToken), tokenFile, connectTimeout);
    }

    public ConsulConnection withTokenFile(Path file) {
        return new ConsulConnection(agent, token, Optional.of(file), connectTimeout);
    }

    /** The token to send now, if any. @throws UncheckedIOException naming the file if it cannot be read */
    public Optional<String> currentToken() {
        if (tokenFile.isPresent()) {
            try {
                String fromFile = Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip();
                if (fromFile.isEmpty()) {
                    throw new IOException("the file is empty");
                }
                return Optional.of(fromFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Consul ACL token file " + tokenFile.get() + ": " + e.getMessage(), e);
            }
        }
        return token;
    }

    @Override
    public String toString() {
        return "ConsulConnection[" + agent + (token.isPresent() ? ", token ***" : "")
                + tokenFile.map(f -> ", token file " + f).orElse("") + "]";
    }
}
