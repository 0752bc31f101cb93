package io.ganglion.agent.register;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs {@code sh -c COMMAND}; passes on exit 0 within the timeout (a command still running then is killed). */
final class CommandCheck implements HealthCheck {

    private final String command;
    private final Duration timeout;

    CommandCheck(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    @Override
    public CheckResult run() {
        try {
            Process process = new ProcessBuilder("sh", "-c", command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new CheckResult(false, "command timed out after " + timeout);
            }
            return new CheckResult(process.exitValue() == 0, "command exit " + process.exitValue());
        } catch (IOException e) {
            return new CheckResult(false, "command failed to start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(false, "command interrupted");
        }
    }
}
