package io.ganglion.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the HAProxy 2.6 byte captures in src/test/resources/haproxy-2.6 (see the README there). */
final class Captures {

    private Captures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/haproxy-2.6/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture named " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
