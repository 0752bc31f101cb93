package io.ganglion.runtime;

import java.util.Locale;

/** The states {@code set server <b>/<s> health} accepts. */
public enum HealthState {
    UP, STOPPING, DOWN;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
