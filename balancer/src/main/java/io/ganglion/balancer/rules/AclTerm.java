package io.ganglion.balancer.rules;

import io.ganglion.balancer.pattern.EntryIndex;
import io.ganglion.balancer.pattern.IpIndex;
import io.ganglion.balancer.pattern.ListIndex;
import io.ganglion.balancer.pattern.MatchMethod;
import io.ganglion.balancer.pattern.PatternExpression;
import io.ganglion.balancer.pattern.PatternIndex;
import io.ganglion.balancer.proxy.stream.Stream;
import java.net.InetAddress;

/**
 * One {@code acl} line: a sample expression matched with one method against the patterns of its
 * references (its {@code -f} files and its inline values). True when the sample matches a pattern
 * of any of them, or for {@code found} / {@code bool} when the sample exists / is true.
 */
final class AclTerm {
    private final SampleExpression sample;
    private final MatchMethod method;
    private final PatternExpression[] patterns;
    /** Made once: a method reference written in test(...) would be a new object on every request. */
    private final java.util.function.Predicate<Sample> matcher = this::test;

    AclTerm(SampleExpression sample, MatchMethod method, PatternExpression[] patterns) {
        this.sample = sample;
        this.method = method;
        this.patterns = patterns;
    }

    boolean test(Stream stream, Object message) {
        return sample.anyMatch(stream, message, matcher);
    }

    private boolean test(Sample s) {
        switch (method) {
            case FOUND:
                return true;
            case BOOL:
                return s.asBoolean();
            default:
                break;
        }
        for (PatternExpression p : patterns) {
            if (matches(s, p.index())) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Sample s, PatternIndex index) {
        switch (method) {
            case INT: {
                if (s.isNumber()) { // a rate, a count: matched unboxed, as it runs for every request
                    return ((ListIndex) index).match(s.number()) != null;
                }
                Long v = s.asInteger();
                return v != null && ((ListIndex) index).match(v) != null;
            }
            case IP: {
                InetAddress a = s.asAddress();
                return a != null && ((IpIndex) index).contains(a);
            }
            default:
                return ((EntryIndex) index).matchText(s.asString()) != null;
        }
    }
}
