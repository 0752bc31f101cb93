package io.ganglion.agent.config;

import java.time.Duration;

/**
 * Overrides of the safety policy for one watch; every key is optional.
 *
 * @param maxShrinkShare      a fresh answer losing more than this share of the servers at once is
 *                            held until confirmed (0 to 1; default 0.5)
 * @param confirmDelay        how long a held answer must stand before it is believed (default 5s)
 * @param maxRemovalsPerCycle servers that may start draining in one cycle (default 5)
 * @param drainTimeout        how long a drained server may keep sessions before it is removed (default 30s)
 * @param flapLimit           appearances within {@code flapWindow} after which an endpoint is damped (default 3)
 * @param flapWindow          default 1m
 */
public record PolicySettings(Double maxShrinkShare, Duration confirmDelay, Integer maxRemovalsPerCycle,
                             Duration drainTimeout, Integer flapLimit, Duration flapWindow) {
}
