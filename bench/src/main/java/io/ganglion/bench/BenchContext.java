package io.ganglion.bench;

import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Results;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.LaunchSettings;
import io.ganglion.bench.balancers.TargetKind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every part of a run shares: the options, the backends, how to launch the balancers, the
 * load tools that are present, the results and the console.
 *
 * @param workDir a short private directory for configurations and unix sockets (paths of unix
 *                sockets are limited to 107 bytes, so not under a deep output directory)
 * @param wrk     empty when wrk is not installed
 * @param haproxyMissing empty when HAProxy is installed; otherwise what to install
 */
public record BenchContext(BenchOptions options, Backends backends, LaunchSettings launch, Optional<Wrk> wrk,
        Optional<String> haproxyMissing, Results results, PrintStream console, Path workDir) {

    public Path socketPath(String part, TargetKind kind) {
        return workDir.resolve(part + "-" + kind.label() + ".sock");
    }

    /**
     * Writes {@code config} for {@code kind} and starts it; the caller closes it.
     *
     * @param readyPort a frontend port of the configuration: the balancer is ready when it accepts
     */
    public BalancerProcess start(String part, TargetKind kind, ConfigText config, int readyPort,
            LaunchSettings settings) {
        Path file = workDir.resolve(part + "-" + kind.label() + ".cfg");
        try {
            Files.writeString(file, config.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        Path log = options.outDir().resolve("logs").resolve(part + "-" + kind.label() + ".log");
        return BalancerProcess.start(kind, settings, file, log, readyPort);
    }

    /** A loopback port free now, for a frontend of the configuration about to be written. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public void say(String format, Object... args) {
        console.printf(format + "%n", args);
        console.flush();
    }
}
