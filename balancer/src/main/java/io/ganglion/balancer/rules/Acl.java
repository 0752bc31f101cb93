package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import java.util.Arrays;

/**
 * A named ACL: its lines, ORed (several {@code acl} lines of one name add to it, as in HAProxy,
 * even after a condition named it). Lines are added while the configuration loads only; the
 * balancer's loops start after, which publishes the final array to them.
 */
public final class Acl {
    private final String name;
    private AclTerm[] terms = new AclTerm[0];

    Acl(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void add(AclTerm term) {
        terms = Arrays.copyOf(terms, terms.length + 1);
        terms[terms.length - 1] = term;
    }

    public boolean test(Stream stream, Object message) {
        for (AclTerm t : terms) {
            if (t.test(stream, message)) {
                return true;
            }
        }
        return false;
    }
}
