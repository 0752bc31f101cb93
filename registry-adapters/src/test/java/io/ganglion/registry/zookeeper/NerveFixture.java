package io.ganglion.registry.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The znodes of src/test/resources/smartstack/nerve-znodes.txt: name → data exactly as Nerve writes it. */
final class NerveFixture {

    private NerveFixture() {
    }

    static Map<String, String> znodes() {
        try (InputStream in = NerveFixture.class.getResourceAsStream("/smartstack/nerve-znodes.txt")) {
            Map<String, String> nodes = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    nodes.put(parts[0], parts[1]);
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
