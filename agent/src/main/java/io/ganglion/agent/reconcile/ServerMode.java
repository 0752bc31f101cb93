package io.ganglion.agent.reconcile;

/** A server's administrative state as the balancer reports it (maintenance wins over drain). */
public enum ServerMode {
    READY, DRAIN, MAINT
}
