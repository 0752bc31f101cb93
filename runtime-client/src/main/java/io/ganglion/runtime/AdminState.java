package io.ganglion.runtime;

import java.util.Locale;

/** The states {@code set server <b>/<s> state} accepts. */
public enum AdminState {
    READY, DRAIN, MAINT;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
