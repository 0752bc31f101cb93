package io.ganglion.balancer.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A test that needs an outside program (haproxy, socat, nc): skipped with a message on a developer's
 * machine without it, but failed in CI ({@code CI=true}), where .ci/run installs it and a skipped
 * compatibility test would hide a gap.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    public static void require(boolean present, String messageWhenMissing) {
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail(messageWhenMissing + " (CI=true: a missing tool fails the build)");
        }
        Assumptions.assumeTrue(present, messageWhenMissing);
    }
}
