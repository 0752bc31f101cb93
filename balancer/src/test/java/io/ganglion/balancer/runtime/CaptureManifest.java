package io.ganglion.balancer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The captured exchanges of {@code src/test/resources/haproxy-2.6-captures}: what was sent, on which
 * socket, with which client, and HAProxy's reply bytes.
 */
final class CaptureManifest {
    private static final String ROOT = "/haproxy-2.6-captures/";

    /**
     * One exchange.
     *
     * @param file    the reply file under {@code out/}
     * @param payload the exact bytes sent
     * @param socket  {@code admin}, {@code user} or {@code tcp}
     * @param tool    {@code socat} or {@code nc}
     */
    record Exchange(String file, String payload, String socket, String tool) {
        byte[] haproxyReply() {
            return resource("out/" + file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static final Map<String, Exchange> EXCHANGES = load();

    private CaptureManifest() {
    }

    /** The exchange whose reply file starts with {@code number} (e.g. {@code "345"}). */
    static Exchange exchange(String number) {
        return find(number).orElseThrow(() -> new IllegalArgumentException("no capture " + number + " in the manifest"));
    }

    /** The socket exchange numbered {@code number}, or empty for a shell capture (curl, cat -A) or none. */
    static Optional<Exchange> find(String number) {
        return EXCHANGES.values().stream().filter(e -> e.file().startsWith(number + "-")).findFirst();
    }

    /** What a shell capture (curl, nc) printed, as saved in {@code out/}. */
    static byte[] shellOutput(String file) {
        return resource("out/" + file);
    }

    /** A file of the capture run's {@code conf/} or {@code out/}, as copied into the test resources. */
    static byte[] resourceBytes(String name) {
        return resource(name);
    }

    private static Map<String, Exchange> load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, Exchange> byFile = new LinkedHashMap<>();
        String manifest = new String(resource("manifest.jsonl"), StandardCharsets.UTF_8);
        manifest.lines().filter(line -> !line.isBlank()).forEach(line -> {
            try {
                JsonNode node = json.readTree(line);
                if (node.has("payload")) {
                    Exchange exchange = new Exchange(node.get("file").asText(), node.get("payload").asText(),
                            node.get("socket").asText(), node.get("tool").asText());
                    byFile.put(exchange.file(), exchange);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("bad manifest line: " + line, e);
            }
        });
        return byFile;
    }

    private static byte[] resource(String name) {
        try (InputStream in = CaptureManifest.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
