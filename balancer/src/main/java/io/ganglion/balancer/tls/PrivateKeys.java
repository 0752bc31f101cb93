package io.ganglion.balancer.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * Private keys in the three PEM forms OpenSSL writes: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8, so the
 * other two are wrapped into it: a few bytes of DER, which spares the balancer a crypto library.
 */
final class PrivateKeys {
    /** DER of the algorithm identifiers: rsaEncryption with NULL, and the id-ecPublicKey OID. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PrivateKeys() {
    }

    /** The key of a PEM block, or null when the block is not a private key. */
    static PrivateKey of(PemBlocks.Block block) throws GeneralSecurityException {
        return switch (block.type()) {
            case "PRIVATE KEY" -> pkcs8(block.der(), "RSA", "EC", "Ed25519");
            case "RSA PRIVATE KEY" -> pkcs8(wrap(RSA_ALGORITHM, block.der()), "RSA");
            case "EC PRIVATE KEY" -> pkcs8(wrap(sequence(concat(EC_PUBLIC_KEY_OID, curveOid(block.der()))), block.der()), "EC");
            default -> null;
        };
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String a : algorithms) {
            try {
                return KeyFactory.getInstance(a).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** PKCS#8: SEQUENCE { INTEGER 0, algorithm, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return sequence(concat(new byte[] {2, 1, 0}, algorithm, tlv(0x04, key)));
    }

    /**
     * The named curve of a SEC1 key: SEQUENCE { INTEGER 1, OCTET STRING d, [0] OID, [1] point }.
     * OpenSSL always writes the [0] parameters; a key without them cannot be used.
     */
    private static byte[] curveOid(byte[] sec1) throws GeneralSecurityException {
        int[] pos = {0};
        enter(sec1, pos, 0x30);
        skip(sec1, pos); // version
        skip(sec1, pos); // private key
        if (pos[0] < sec1.length && (sec1[pos[0]] & 0xff) == 0xa0) {
            enter(sec1, pos, 0xa0);
            int start = pos[0];
            skip(sec1, pos);
            return Arrays.copyOfRange(sec1, start, pos[0]);
        }
        throw new GeneralSecurityException("EC key without curve parameters");
    }

    private static void enter(byte[] der, int[] pos, int tag) throws GeneralSecurityException {
        if (pos[0] >= der.length || (der[pos[0]] & 0xff) != tag) {
            throw new GeneralSecurityException("malformed key");
        }
        pos[0]++;
        length(der, pos);
    }

    private static void skip(byte[] der, int[] pos) throws GeneralSecurityException {
        pos[0]++;
        int len = length(der, pos);
        pos[0] += len;
    }

    private static int length(byte[] der, int[] pos) throws GeneralSecurityException {
        if (pos[0] >= der.length) {
            throw new GeneralSecurityException("malformed key");
        }
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            len = (len << 8) | (der[pos[0]++] & 0xff);
        }
        return len;
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
