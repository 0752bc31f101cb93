package io.ganglion.agent.e2e;

import java.nio.file.Path;

/** A started balancer. {@link #close()} stops the process and waits for it. */
interface RunningBalancer extends AutoCloseable {

    /** The admin unix socket. */
    Path adminSocket();

    /** The admin socket's loopback TCP port. */
    int adminTcpPort();

    /** Kills the process at once (SIGKILL), as a crash would. */
    void kill();

    @Override
    void close();
}
