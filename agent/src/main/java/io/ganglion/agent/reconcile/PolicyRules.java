package io.ganglion.agent.reconcile;

import java.time.Duration;
import java.util.Objects;

import io.ganglion.agent.config.PolicySettings;

/**
 * The safety policy's knobs for one backend.
 *
 * @param maxShrinkShare      a fresh answer that loses more than this share of the servers at once is held
 * @param confirmDelay        how long such an answer must stand before it is believed
 * @param maxRemovalsPerCycle drains that may start in one cycle
 * @param drainTimeout        how long a draining server may keep sessions before it is removed anyway
 * @param flapLimit           appearances within {@code flapWindow} beyond which an endpoint is not added
 * @param flapWindow          the window of the flap count
 */
public record PolicyRules(double maxShrinkShare, Duration confirmDelay, int maxRemovalsPerCycle,
                          Duration drainTimeout, int flapLimit, Duration flapWindow) {

    public static final PolicyRules DEFAULTS =
            new PolicyRules(0.5, Duration.ofSeconds(5), 5, Duration.ofSeconds(30), 3, Duration.ofMinutes(1));

    /** The defaults, with whatever the watch's {@code policy:} overrides. */
    public static PolicyRules from(PolicySettings settings) {
        if (settings == null) {
            return DEFAULTS;
        }
        return new PolicyRules(
                Objects.requireNonNullElse(settings.maxShrinkShare(), DEFAULTS.maxShrinkShare),
                Objects.requireNonNullElse(settings.confirmDelay(), DEFAULTS.confirmDelay),
                Objects.requireNonNullElse(settings.maxRemovalsPerCycle(), DEFAULTS.maxRemovalsPerCycle),
                Objects.requireNonNullElse(settings.drainTimeout(), DEFAULTS.drainTimeout),
                Objects.requireNonNullElse(settings.flapLimit(), DEFAULTS.flapLimit),
                Objects.requireNonNullElse(settings.flapWindow(), DEFAULTS.flapWindow));
    }
}
