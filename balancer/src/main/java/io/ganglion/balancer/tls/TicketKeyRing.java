package io.ganglion.balancer.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.util.List;

/**
 * The three ticket keys of one {@code tls-ticket-keys} reference, in HAProxy 2.6's order: oldest,
 * encrypting, newest ({@code show tls-keys} prints them so, as {@code ID.0 ID.1 ID.2}). HAProxy's
 * manual: the last three keys of the file are used, the penultimate encrypts new tickets and all
 * three decrypt. {@code set ssl tls-key} writes the new key over the oldest and moves encryption to
 * the key that was newest, so a ticket survives one rotation and not two (HAProxy's
 * {@code ssl_sock_update_tlskey_ref}: the write at {@code enc_index + 2}, then {@code enc_index + 1}).
 * Immutable: a rotation gives a new ring.
 */
record TicketKeyRing(List<TicketKey> keys) {
    static final int SIZE = 3;

    TicketKeyRing {
        keys = List.copyOf(keys);
        if (keys.size() != SIZE) {
            throw new IllegalArgumentException("a ring has " + SIZE + " keys");
        }
    }

    /** The ring of a file's keys: its last three. */
    static TicketKeyRing ofFile(List<TicketKey> fileKeys) {
        return new TicketKeyRing(fileKeys.subList(fileKeys.size() - SIZE, fileKeys.size()));
    }

    TicketKey encrypting() {
        return keys.get(1);
    }

    /** {@code set ssl tls-key}: the oldest goes, {@code key} comes last, the newest before it encrypts. */
    TicketKeyRing rotate(TicketKey key) {
        return new TicketKeyRing(List.of(keys.get(1), keys.get(2), key));
    }

    /**
     * The keys as the library takes them: netty-tcnative encrypts with the first and decrypts with
     * any, so the encrypting key goes first.
     */
    OpenSslSessionTicketKey[] forLibrary() {
        return new OpenSslSessionTicketKey[] {
            keys.get(1).forLibrary(), keys.get(0).forLibrary(), keys.get(2).forLibrary()};
    }
}
