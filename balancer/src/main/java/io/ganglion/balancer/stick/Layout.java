package io.ganglion.balancer.stick;

import java.util.Arrays;
import java.util.List;

/**
 * Where each part of an entry sits in its segment's words, from the table's key size and
 * {@code store} list: a table pays only for what it stores (an IPv4 table with
 * {@code store gpt0,http_req_rate(10s)} has 10-word entries).
 */
final class Layout {
    final int keyWords;
    /** Whether the first key word is the key's length (string and binary keys). */
    final boolean sizedKey;
    final int stride;
    private final int[] offsets = new int[DataType.values().length];
    private final int[] periods = new int[DataType.values().length];
    /** The rates the table stores, which a new entry starts "long ago". */
    final List<DataType> storedRates;

    Layout(StickTableSpec spec) {
        this.sizedKey = spec.keyType().hasLength();
        int keyBytesWords = (spec.keyLength() + 3) / 4;
        this.keyWords = sizedKey ? keyBytesWords + 1 : keyBytesWords;
        Arrays.fill(offsets, -1);
        int at = Segment.KEY + keyWords;
        for (DataType t : DataType.values()) {
            if (spec.stores(t)) {
                offsets[t.ordinal()] = at;
                periods[t.ordinal()] = Math.max(1, spec.period(t)); // a period of 0 counts per ms
                at += t.kind().words;
            }
        }
        this.stride = at;
        this.storedRates = DataType.ALL.stream().filter(t -> spec.stores(t) && t.isRate()).toList();
    }

    /** The word offset of {@code type} in an entry, or -1 when the table does not store it. */
    int offset(DataType type) {
        return offsets[type.ordinal()];
    }

    int period(DataType type) {
        return periods[type.ordinal()];
    }

    /** The key words of {@code key} (its bytes, big-endian in each word; a length word first if sized). */
    int[] words(byte[] key) {
        int[] w = new int[keyWords];
        int first = sizedKey ? 1 : 0;
        if (sizedKey) {
            w[0] = key.length;
        }
        for (int i = 0; i < key.length && first + i / 4 < keyWords; i++) {
            w[first + i / 4] |= (key[i] & 0xff) << (24 - 8 * (i % 4));
        }
        return w;
    }

    /** The key bytes back from its words. */
    byte[] bytes(int[] words, int keyBytes) {
        int first = sizedKey ? 1 : 0;
        int n = sizedKey ? words[0] : keyBytes;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (words[first + i / 4] >>> (24 - 8 * (i % 4)));
        }
        return out;
    }

    static int hash(int[] words) {
        int h = 0x9E3779B9;
        for (int w : words) {
            h = (h ^ w) * 0x85EBCA6B;
            h ^= h >>> 13;
        }
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
