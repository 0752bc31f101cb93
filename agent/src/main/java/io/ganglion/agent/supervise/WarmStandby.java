package io.ganglion.agent.supervise;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A balancer process started with {@code --standby}: warm, bound to nothing, waiting for a line
 * {@code start} on its standard input, which is a pipe from this agent. When the agent goes away the
 * pipe ends and the standby exits; once told to start, the balancer no longer reads it, so it outlives
 * the agent like any balancer the supervisor runs.
 */
final class WarmStandby {
    private final Process process;

    private WarmStandby(Process process) {
        this.process = process;
    }

    static WarmStandby start(List<String> command, Path logFile) throws IOException {
        return new WarmStandby(BalancerSupervisor.startLogging(command, ProcessBuilder.Redirect.PIPE, logFile));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** Tells it to take over. */
    void start() throws IOException {
        OutputStream input = process.getOutputStream();
        input.write("start\n".getBytes(StandardCharsets.US_ASCII));
        input.flush();
    }

    /** Ends its input (it exits by itself), and makes sure it is gone. */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is being stopped anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
