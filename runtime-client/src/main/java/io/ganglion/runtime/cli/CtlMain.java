package io.ganglion.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import io.ganglion.runtime.AccessLevel;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ganglion ctl}: one command and its raw answer, an interactive shell, or a live table.
 * Exit status: 0 success, 1 runtime error (an error answer, an unreachable socket), 2 usage error.
 */
@CommandLine.Command(name = "ctl", mixinStandardHelpOptions = true,
        description = {"Talks to a balancer's stats socket (the bundled balancer or HAProxy 2.6+),",
                "or to a Ganglion agent's status endpoint.",
                "",
                "  ctl -s SOCKET COMMAND...      run one command, print the raw answer",
                "  ctl -s SOCKET                 interactive shell (history, Tab completion)",
                "  ctl -s SOCKET top [--interval S] [--count N]",
                "  ctl -s SOCKET stat --watch S  live table of frontends, backends, servers",
                "  ctl [--agent HOST:PORT] release BACKEND/SERVER   hand an operator override back to the agent",
                "  ctl [--agent HOST:PORT] audit [BACKEND[/SERVER]] the agent's audit trail (JSON)",
                ""},
        exitCodeOnInvalidInput = CtlMain.USAGE)
public final class CtlMain implements Callable<Integer> {

    static final int OK = 0;
    static final int RUNTIME_ERROR = 1;
    static final int USAGE = 2;

    /** Where ctl reads and writes; the tests pass streams and a dumb terminal. */
    interface Io {
        PrintStream out();

        PrintStream err();

        /** Whether {@link #out()} is a terminal (the live table redraws in place). */
        boolean outIsTerminal();

        Terminal openTerminal() throws IOException;
    }

    // Not required by picocli: release and audit go to the agent and need no socket; call() checks the rest.
    @Option(names = {"-s", "--socket"}, paramLabel = "SOCKET|HOST:PORT",
            description = "unix socket path, or host:port of a TCP stats socket")
    String socket;

    @Option(names = "--agent", defaultValue = AgentCtl.DEFAULT_AGENT, paramLabel = "HOST:PORT",
            description = "the agent's status endpoint, for release and audit (default: ${DEFAULT-VALUE})")
    String agent;

    @Option(names = "--connect-timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "time to connect (default: ${DEFAULT-VALUE})")
    double connectSeconds;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "longest silence while waiting for an answer (default: ${DEFAULT-VALUE})")
    double readSeconds;

    @Option(names = "--history", paramLabel = "FILE", description = "shell history file (default: ~/.ganglion_ctl_history)")
    Path history = Path.of(System.getProperty("user.home"), ".ganglion_ctl_history");

    @Parameters(paramLabel = "COMMAND", description = "a Runtime API command, e.g.: show servers state be_app")
    List<String> command = new ArrayList<>();

    private final Io io;

    CtlMain(Io io) {
        this.io = io;
    }

    public static void main(String[] args) {
        // Before the first logger: ctl logs warnings only, to stderr, whatever the classpath holds.
        System.setProperty("logback.configurationFile", "io/ganglion/runtime/cli/ctl-logback.xml");
        System.exit(run(args, new SystemIo()));
    }

    /**
     * Runs ctl with {@code in}/{@code out}/{@code err} instead of the process's own (a dumb terminal
     * for the shell); returns the exit status. For tests and tools that embed ctl.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, new StreamIo(in, out, err));
    }

    private static int run(String[] args, Io io) {
        CommandLine commandLine = new CommandLine(new CtlMain(io))
                .setStopAtPositional(true)
                .setOut(new PrintWriter(io.out(), true))
                .setErr(new PrintWriter(io.err(), true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        Optional<Integer> agentAnswer = agentCommand();
        if (agentAnswer.isPresent()) {
            return agentAnswer.get();
        }
        if (socket == null) {
            io.err().println("ctl: missing -s SOCKET (only release and audit go to the agent without one)");
            return USAGE;
        }
        Endpoint endpoint;
        Timeouts timeouts;
        Optional<WatchRequest> watch;
        try {
            endpoint = Endpoint.parse(socket);
            timeouts = new Timeouts(seconds(connectSeconds), seconds(readSeconds));
            watch = WatchRequest.parse(command);
        } catch (IllegalArgumentException e) {
            io.err().println("ctl: " + e.getMessage());
            return USAGE;
        }
        if (watch.isPresent()) {
            return top(new RuntimeClient(endpoint, timeouts), watch.get());
        }
        if (command.isEmpty()) {
            return shell(endpoint, timeouts);
        }
        return oneShot(new RuntimeClient(endpoint, timeouts), String.join(" ", command));
    }

    /** {@code release B/S} and {@code audit [B[/S]]} are the agent's; empty for every other command. */
    private Optional<Integer> agentCommand() {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        // Quoted as one argument or not, as for balancer commands: "release be/s" and release be/s alike.
        List<String> words = List.of(String.join(" ", command).strip().split("\\s+"));
        String verb = words.get(0);
        if (verb.equals("release")) {
            if (words.size() != 2) {
                io.err().println("ctl release: expected exactly one BACKEND/SERVER, got " + (words.size() - 1) + " arguments");
                return Optional.of(USAGE);
            }
            return Optional.of(AgentCtl.release(agent, words.get(1), io.out(), io.err()));
        }
        if (verb.equals("audit")) {
            if (words.size() > 2) {
                io.err().println("ctl audit: expected at most one BACKEND or BACKEND/SERVER, got " + (words.size() - 1)
                        + " arguments");
                return Optional.of(USAGE);
            }
            return Optional.of(AgentCtl.audit(agent, words.size() == 2 ? words.get(1) : null, io.out(), io.err()));
        }
        return Optional.empty();
    }

    private int oneShot(RuntimeClient client, String line) {
        Command parsed;
        try {
            parsed = Command.parse(line);
        } catch (IllegalArgumentException e) {
            io.err().println("ctl: " + e.getMessage());
            return USAGE;
        }
        try {
            Answer answer = client.execute(parsed);
            io.out().print(answer.text());
            io.out().flush();
            return answer.isSuccess() ? OK : RUNTIME_ERROR;
        } catch (RuntimeApiException e) {
            io.err().println("ctl: " + e.getMessage());
            return RUNTIME_ERROR;
        }
    }

    /** The shell starts only once the socket answers: an unreachable socket is exit status 1 at once. */
    private int shell(Endpoint endpoint, Timeouts timeouts) {
        try (RuntimeSession session = new RuntimeSession(endpoint, timeouts)) {
            AccessLevel level;
            try {
                level = session.showCliLevel();
            } catch (RuntimeApiException e) {
                io.err().println("ctl: " + e.getMessage());
                return RUNTIME_ERROR;
            }
            try (Terminal terminal = io.openTerminal()) {
                return new InteractiveShell(session, level, terminal, history).run();
            }
        } catch (IOException e) {
            io.err().println("ctl: cannot open the terminal: " + e.getMessage());
            return RUNTIME_ERROR;
        }
    }

    private int top(RuntimeClient client, WatchRequest watch) {
        try (Terminal terminal = io.openTerminal(); TopPause pause = new TopPause(terminal)) {
            return new TopLoop(client, client.endpoint().toString(), io.out(), io.outIsTerminal())
                    .run(watch.interval(), watch.count(), pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        } catch (IOException e) {
            io.err().println("ctl: cannot open the terminal: " + e.getMessage());
            return RUNTIME_ERROR;
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private record StreamIo(InputStream in, PrintStream out, PrintStream err) implements Io {
        @Override
        public boolean outIsTerminal() {
            return false;
        }

        @Override
        public Terminal openTerminal() throws IOException {
            // An external (non-system) terminal over the streams: full line editing, Tab included.
            return TerminalBuilder.builder().system(false).streams(in, out).type("ansi")
                    .encoding(StandardCharsets.UTF_8).build();
        }
    }

    private static final class SystemIo implements Io {
        @Override
        public PrintStream out() {
            return System.out;
        }

        @Override
        public PrintStream err() {
            return System.err;
        }

        @Override
        public boolean outIsTerminal() {
            return System.console() != null;
        }

        @Override
        public Terminal openTerminal() throws IOException {
            try {
                return TerminalBuilder.builder().system(true).build();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
