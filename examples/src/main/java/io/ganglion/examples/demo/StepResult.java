package io.ganglion.examples.demo;

import java.time.Duration;
import java.util.Optional;

/**
 * One step of the story as it happened.
 *
 * @param length    from the step's action to the next step
 * @param converged from the action until the balancer showed its effect; empty when the step
 *                  expects no change, or the change did not come within the limit ({@code note} says which)
 * @param tally     the requests of the step
 */
record StepResult(String title, Duration length, Optional<Duration> converged, String note, Tally tally) {
}
