package io.ganglion.balancer.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code show schema json}: the JSON schema of the typed JSON outputs ({@code show info json},
 * {@code show stat json}), HAProxy 2.6.12's own text (bundled as {@code haproxy-2.6-schema.json}),
 * since the outputs it describes are HAProxy's too.
 */
final class ShowSchema {
    private static final String SCHEMA = load();

    private ShowSchema() {
    }

    /** The answer: the schema on one line. */
    static String answer() {
        return SCHEMA + "\n";
    }

    private static String load() {
        try (InputStream in = ShowSchema.class.getResourceAsStream("haproxy-2.6-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource haproxy-2.6-schema.json");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
