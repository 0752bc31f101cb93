package io.ganglion.balancer.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One session ticket key in HAProxy's format: 48 bytes, base64 in files and on the socket, laid out
 * as HAProxy's {@code struct tls_sess_key_128}: a 16-byte name (which tickets carry, to find their
 * key), a 16-byte AES-128 key, a 16-byte HMAC-SHA256 key. HAProxy also takes 80-byte keys
 * (AES-256); BoringSSL's ticket callback in netty-tcnative has 16-byte keys only, so they are
 * refused (README, Known differences).
 *
 * @param base64 the key as written, shown back by {@code show tls-keys}
 */
record TicketKey(String base64, byte[] bytes) {
    static final int SIZE = 48;
    /** HAProxy's other size, recognised only to refuse it with a clear reason. */
    static final int SIZE_AES256 = 80;

    TicketKey {
        bytes = bytes.clone();
    }

    /**
     * @throws IllegalArgumentException not base64 (message "base64") or not 48 bytes (message "size",
     *                                  or "aes256" for HAProxy's 80-byte form)
     */
    static TicketKey parse(String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base64");
        }
        if (raw.length == SIZE_AES256) {
            throw new IllegalArgumentException("aes256");
        }
        if (raw.length != SIZE) {
            throw new IllegalArgumentException("size");
        }
        return new TicketKey(text, raw);
    }

    /** The key as netty-tcnative takes it (name, HMAC key, AES key). */
    OpenSslSessionTicketKey forLibrary() {
        return new OpenSslSessionTicketKey(Arrays.copyOfRange(bytes, 0, 16), Arrays.copyOfRange(bytes, 32, 48),
                Arrays.copyOfRange(bytes, 16, 32));
    }
}
