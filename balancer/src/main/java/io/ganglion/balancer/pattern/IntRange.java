package io.ganglion.balancer.pattern;

/**
 * An integer pattern as a reference keeps it: {@code 5}, {@code 10:20}, {@code :20} or {@code 11:}
 * (the ACL parser turns {@code gt 10} into {@code 11:}, as HAProxy does).
 */
record IntRange(long min, long max) {

    static IntRange parse(String text) throws PatternException {
        int colon = text.indexOf(':');
        try {
            if (colon < 0) {
                long v = Long.parseLong(text);
                return new IntRange(v, v);
            }
            String lo = text.substring(0, colon);
            String hi = text.substring(colon + 1);
            return new IntRange(lo.isEmpty() ? Long.MIN_VALUE : Long.parseLong(lo),
                    hi.isEmpty() ? Long.MAX_VALUE : Long.parseLong(hi));
        } catch (NumberFormatException e) {
            throw new PatternException("'" + text + "' is neither a number nor a supported operator.");
        }
    }

    boolean contains(long v) {
        return v >= min && v <= max;
    }
}
