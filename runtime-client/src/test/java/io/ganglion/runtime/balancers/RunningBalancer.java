package io.ganglion.runtime.balancers;

/** A started balancer; closing it stops the process (by PID) and waits for it to exit. */
public interface RunningBalancer extends AutoCloseable {

    StatsSockets sockets();

    long pid();

    @Override
    void close();
}
