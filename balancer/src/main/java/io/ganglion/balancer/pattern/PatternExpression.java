package io.ganglion.balancer.pattern;

/**
 * A reference's patterns as one matching method sees them (HAProxy's pattern expression): the ACLs
 * and map converters that use the reference with that method and case hold it, and read
 * {@link #index()} once per request.
 *
 * <p>The index is replaced as a whole by the control loop (through {@link PatternReference}) and
 * published through a volatile field: a request reads one version from start to end, and the next
 * request sees the change. The data path takes no lock.
 */
public final class PatternExpression {
    private final MatchMethod method;
    private final boolean ignoreCase;
    private final ValueKind values;
    private volatile PatternIndex index;

    PatternExpression(MatchMethod method, boolean ignoreCase, ValueKind values) {
        this.method = method;
        this.ignoreCase = ignoreCase;
        this.values = values;
        this.index = method.emptyIndex(ignoreCase);
    }

    public MatchMethod method() {
        return method;
    }

    public boolean ignoreCase() {
        return ignoreCase;
    }

    public ValueKind values() {
        return values;
    }

    /** The version in force: read it once and match against it. */
    public PatternIndex index() {
        return index;
    }

    /** Called by the control loop only (one writer), after building the next version from this one. */
    void publish(PatternIndex next) {
        index = next;
    }
}
