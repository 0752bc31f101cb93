package io.ganglion.balancer.stick;

import io.ganglion.balancer.rules.Sample;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A sample as a key of a table ({@code track-sc0 src}, {@code src_*}), converted as HAProxy converts
 * a sample to the table's type: an address to an {@code ip} table only when it is IPv4 (IPv4-mapped
 * IPv6 included), to an {@code ipv6} table IPv4-mapped if need be, a number to an {@code integer}
 * table, text cut to a {@code string} table's {@code len}, a {@code binary} key padded with zeros.
 */
final class SampleKeys {
    private SampleKeys() {
    }

    /** The key bytes, or null when the sample has no form of the table's type (nothing is tracked). */
    static byte[] of(Sample sample, StickTableSpec spec) {
        if (sample == null) {
            return null;
        }
        switch (spec.keyType()) {
            case IP: {
                // Java already gives an IPv4-mapped IPv6 address as an Inet4Address
                InetAddress a = sample.asAddress();
                return a instanceof Inet4Address ? a.getAddress() : null;
            }
            case IPV6: {
                InetAddress a = sample.asAddress();
                if (a instanceof Inet6Address) {
                    return a.getAddress();
                }
                if (a instanceof Inet4Address) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                    return mapped;
                }
                return null;
            }
            case INTEGER: {
                Long n = sample.asInteger();
                return n == null ? null : KeyType.integerKey(n.intValue());
            }
            case STRING: {
                byte[] b = sample.asString().getBytes(StandardCharsets.UTF_8);
                return b.length > spec.keyLength() ? Arrays.copyOf(b, spec.keyLength()) : b;
            }
            default:
                return Arrays.copyOf(sample.asString().getBytes(StandardCharsets.ISO_8859_1), spec.keyLength());
        }
    }
}
