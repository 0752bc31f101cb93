package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code tls-ticket-keys} file as HAProxy 2.6 reads it: one base64 key per line (blank lines and
 * {@code #} comments skipped), at least three; its ring is the last three ({@link TicketKeyRing}).
 *
 * @param path the path as written on the bind line: the reference's name in {@code show tls-keys}
 */
record TicketKeyFile(String path, TicketKeyRing ring) {
    /** Reads the file, refusing it with HAProxy's words (after {@code 'bind ADDR' in section 'S' : }). */
    static TicketKeyFile load(String path) throws KeywordException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new KeywordException("'" + path + "' : unable to load ssl tickets keys file");
        }
        List<TicketKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(TicketKey.parse(line));
            } catch (IllegalArgumentException e) {
                throw new KeywordException("'" + path + "' : " + switch (e.getMessage()) {
                    case "base64" -> "unable to decode base64 key on line " + (i + 1);
                    case "aes256" -> "80-byte (AES-256) key on line " + (i + 1)
                            + " not supported: BoringSSL's ticket keys are 48 bytes";
                    default -> "wrong sized key on line " + (i + 1);
                });
            }
        }
        if (keys.size() < TicketKeyRing.SIZE) {
            throw new KeywordException("'" + path + "' : please supply at least 3 keys in the tls-tickets-file");
        }
        return new TicketKeyFile(path, TicketKeyRing.ofFile(keys));
    }
}
