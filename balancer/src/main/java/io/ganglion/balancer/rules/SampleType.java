package io.ganglion.balancer.rules;

import io.ganglion.balancer.pattern.MatchMethod;

/** The types a sample has, as HAProxy's; each gives an ACL's matching method when none is named. */
public enum SampleType {
    BOOL(MatchMethod.BOOL), SINT(MatchMethod.INT), ADDR(MatchMethod.IP), STR(MatchMethod.STR),
    /** Any of the others: a converter that takes what it is given ({@code concat} takes a string). */
    ANY(MatchMethod.STR);

    private final MatchMethod defaultMatch;

    SampleType(MatchMethod defaultMatch) {
        this.defaultMatch = defaultMatch;
    }

    public MatchMethod defaultMatch() {
        return defaultMatch;
    }
}
