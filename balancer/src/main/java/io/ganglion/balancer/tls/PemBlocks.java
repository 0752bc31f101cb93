package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code -----BEGIN TYPE-----} blocks of a PEM text, in file order: what HAProxy reads from a
 * {@code crt} file (certificate, then chain, and the key, in any order). Text outside the blocks is
 * ignored, as OpenSSL ignores it.
 */
final class PemBlocks {
    /** One block: its type ({@code CERTIFICATE}, {@code PRIVATE KEY}...) and its decoded bytes. */
    record Block(String type, byte[] der) {
    }

    private PemBlocks() {
    }

    /** @throws IllegalArgumentException when a block is not closed or its body is not base64 */
    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String type = null;
        StringBuilder body = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (type == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    type = line.substring(11, line.length() - 5);
                    body.setLength(0);
                }
            } else if (line.equals("-----END " + type + "-----")) {
                blocks.add(new Block(type, Base64.getMimeDecoder().decode(body.toString())));
                type = null;
            } else if (!line.contains(":")) { // headers of an encrypted PEM are skipped: never base64
                body.append(line);
            }
        }
        if (type != null) {
            throw new IllegalArgumentException("unterminated PEM block " + type);
        }
        return blocks;
    }
}
