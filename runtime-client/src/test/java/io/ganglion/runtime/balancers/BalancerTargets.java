package io.ganglion.runtime.balancers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * The balancers the integration suite runs against. A target that cannot run here is skipped
 * with the reason, except in CI ({@code CI=true}), where nothing may be skipped: it fails.
 */
public final class BalancerTargets {

    /** Every balancer the client must drive alike. */
    public static final List<BalancerTarget> ALL = List.of(new HaproxyTarget(), new BundledBalancerTarget());

    private BalancerTargets() {
    }

    /** Starts {@code target}, or skips (locally) / fails (CI) the calling test when it cannot run here. */
    public static RunningBalancer start(BalancerTarget target, String proxies, Path workDir) throws IOException {
        Optional<String> missing = target.unavailableBecause();
        if (missing.isPresent()) {
            String message = target.name() + " target: " + missing.get();
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: targets may not be skipped)");
            }
            Assumptions.abort(message);
        }
        return target.start(proxies, workDir);
    }
}
