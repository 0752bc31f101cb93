package io.ganglion.balancer.lb;

import java.util.Locale;

/** {@code balance ALGORITHM}: the algorithms the {@code lb} package implements. */
public enum BalanceAlgorithm {
    ROUNDROBIN("roundrobin", false),
    STATIC_RR("static-rr", true),
    LEASTCONN("leastconn", false),
    FIRST("first", false),
    SOURCE("source", true),
    RANDOM("random", false);

    private final String keyword;
    private final boolean isStatic;

    BalanceAlgorithm(String keyword, boolean isStatic) {
        this.keyword = keyword;
        this.isStatic = isStatic;
    }

    public String keyword() {
        return keyword;
    }

    /**
     * Static algorithms (as in HAProxy) take their server list at start: weights change only between 0 and
     * full, and servers can be neither added nor deleted at run time.
     */
    public boolean isStatic() {
        return isStatic;
    }

    public static BalanceAlgorithm fromKeyword(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (BalanceAlgorithm a : values()) {
            if (a.keyword.equals(w)) {
                return a;
            }
        }
        return null;
    }
}
