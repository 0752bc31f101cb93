package io.ganglion.balancer.stick;

/**
 * IPv6 text as {@code inet_ntop} writes it (RFC 5952): lower case, no leading zeros, the longest
 * run of two or more zero groups as {@code ::}. Java's own text keeps every group ({@code 0:0:...:1}).
 */
final class Ipv6Text {
    private Ipv6Text() {
    }

    /** @param full eight groups separated by colons, as {@link java.net.InetAddress#getHostAddress} writes them */
    static String compress(String full) {
        String[] groups = full.split(":");
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(groups[i], 16) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestLen >= 2 && i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
