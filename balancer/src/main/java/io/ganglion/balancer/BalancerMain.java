package io.ganglion.balancer;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigException;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LoadedConfig;
import io.ganglion.balancer.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion balancer -f FILE [-c] [--standby | --rehearse]}: runs the balancer in the foreground until SIGTERM or
 * SIGINT (then drains and exits 0), or with {@code -c} only checks the configuration. With
 * {@code --standby} it first warms up and waits to be told to take over (see {@link Standby}); with
 * {@code --rehearse} it warms up the same way and starts at once.
 * Exit codes: 0 success, 1 runtime error (e.g. a port already taken), 2 usage or configuration error.
 */
@Command(name = "ganglion balancer", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Runs the bundled balancer on a configuration written in HAProxy's language.")
public final class BalancerMain implements Callable<Integer> {
    @Option(names = "-f", paramLabel = "FILE", required = true, description = "configuration file")
    private Path file;

    @Option(names = "-c", description = "check the configuration and exit (non-zero on errors)")
    private boolean checkOnly;

    @Option(names = "--standby", description = "start warm, then wait: run -f FILE only when a line 'start' arrives "
            + "on standard input; exit 0 if the input ends first (the agent keeps a standby to take over at once "
            + "when the running balancer dies)")
    private boolean standby;

    @Option(names = "--rehearse", description = "warm up first (a short private run on loopback), then run -f FILE: "
            + "the first requests find the data path loaded (the agent starts its balancer so)")
    private boolean rehearse;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "" + PlainArguments.DEFAULT_GRACE_SECONDS,
            description = "on SIGTERM/SIGINT, how long requests in flight may take to finish (default: ${DEFAULT-VALUE})")
    private int graceSeconds;

    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        // Before Netty's first class: its allocator's flight-recorder events (off in JFR's own settings)
        // set up JDK Flight Recorder's metadata at the first buffer, about 175 ms of a cold start's CPU
        // and 7 MiB (issue 18). -Dio.netty.jfr.enabled=true brings them back for a profile.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        // The command lines supervisors write skip picocli, a third of a cold start's CPU (PlainArguments).
        Optional<PlainArguments> plain = PlainArguments.parse(args);
        System.exit(plain.isPresent() ? from(plain.get()).call() : withPicocli(args));
    }

    private static BalancerMain from(PlainArguments arguments) {
        BalancerMain main = new BalancerMain();
        main.file = arguments.file();
        main.checkOnly = arguments.checkOnly();
        main.standby = arguments.standby();
        main.rehearse = arguments.rehearse();
        main.graceSeconds = arguments.graceSeconds();
        return main;
    }

    /** What the options hold, as {@link PlainArguments} would have read them. */
    PlainArguments arguments() {
        return new PlainArguments(file, checkOnly, standby, rehearse, graceSeconds);
    }

    /** Help, version, usage errors and every less plain form of the options. */
    private static int withPicocli(String[] args) {
        CommandLine cli = new CommandLine(new BalancerMain());
        cli.setExitCodeExceptionMapper(e -> 1);
        // A usage error is 2, like a configuration error (the launcher's contract: 0 / 1 / 2).
        cli.setParameterExceptionHandler((e, args1) -> {
            cli.getErr().println(e.getMessage());
            e.getCommandLine().usage(cli.getErr());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintStream err = System.err;
        long pid = ProcessHandle.current().pid();
        if (standby && !checkOnly) {
            Rehearsal.run();
            err.println("[NOTICE]   (" + pid + ") : standby: warm; waiting for '" + Standby.START + "' on standard input");
            if (!Standby.awaitStart(System.in)) {
                err.println("[NOTICE]   (" + pid + ") : standby: standard input closed; exiting");
                return 0;
            }
            err.println("[NOTICE]   (" + pid + ") : standby: taking over with " + file);
        } else if (rehearse && !checkOnly) {
            Rehearsal.run();
            err.println("[NOTICE]   (" + pid + ") : rehearsed; starting with " + file);
        }
        LoadedConfig loaded;
        try {
            loaded = ConfigParser.load(file);
        } catch (NoSuchFileException e) {
            err.println("[ALERT]    (" + pid + ") : Cannot open configuration file/directory " + file
                    + " : No such file or directory");
            return 2;
        } catch (IOException e) {
            err.println("[ALERT]    (" + pid + ") : Cannot open configuration file/directory " + file + " : "
                    + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println(e.render(pid));
            return 2;
        }
        for (Problem w : loaded.warnings()) {
            err.println(w.render(pid));
        }
        if (checkOnly) {
            // HAProxy's words and exit codes for -c, on standard output
            if (!loaded.warnings().isEmpty()) {
                System.out.println("Warnings were found.");
            }
            if (!loaded.config().hasListener()) {
                System.out.println("Configuration file has no error but will not start (no listener) => exit(2).");
                return 2;
            }
            System.out.println("Configuration file is valid");
            return 0;
        }
        if (!loaded.config().hasListener()) {
            err.println("[ALERT]    (" + pid + ") : [haproxy.main()] No enabled listener found (check for 'bind' directives) ! Exiting.");
            return 1;
        }
        return run(loaded.config());
    }

    private int run(BalancerConfig config) {
        Balancer balancer;
        try {
            balancer = Balancer.start(config);
        } catch (StartupException e) {
            System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : " + e.getMessage());
            return 1;
        }
        // SIGTERM and SIGINT ask for a graceful stop that ends with exit 0, not the JVM's 143/130:
        // supervisors (systemd, the agent, scripts) read a clean stop from the exit code.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        balancer.stop(Duration.ofSeconds(graceSeconds));
        return 0;
    }
}
