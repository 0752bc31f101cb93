package io.ganglion.balancer.pattern;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What an index answers for a text sample, read as the data path reads it: whether it matches, and the value. */
final class IndexAnswers {
    private IndexAnswers() {
    }

    static boolean found(PatternIndex index, String sample) {
        return index.matchedId(sample) != PatternIndex.NO_MATCH;
    }

    /** The value of the entry found ({@code map_ip} reads the IP trees by address), or null. */
    static String value(PatternIndex index, String sample) {
        if (index instanceof IpIndex ip) {
            try {
                return ip.value(InetAddress.getByName(sample));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(sample, e);
            }
        }
        PatternEntry e = ((EntryIndex) index).matchText(sample);
        return e == null ? null : e.value();
    }
}
