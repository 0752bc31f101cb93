package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The HAProxy 2.6.12 captures copied into the test resources, read byte for byte. */
public final class Captures {
    private Captures() {
    }

    public static String read(String fileName) {
        String path = "/haproxy-2.6-captures/out/" + fileName;
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
