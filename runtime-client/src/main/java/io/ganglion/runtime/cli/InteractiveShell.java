package io.ganglion.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import io.ganglion.runtime.AccessLevel;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.RuntimeSession;

/**
 * {@code ctl} without a command: a line editor (JLine) over one prompt-mode session, with history
 * and completion of command words and of backend/server names. Errors are printed and the shell
 * goes on; a broken connection is reopened by the session on the next command.
 */
final class InteractiveShell {

    private static final Set<String> EXIT_WORDS = Set.of("quit", "exit");

    private final RuntimeSession session;
    private final AccessLevel level;
    private final Terminal terminal;
    private final Path historyFile;

    InteractiveShell(RuntimeSession session, AccessLevel level, Terminal terminal, Path historyFile) {
        this.session = session;
        this.level = level;
        this.terminal = terminal;
        this.historyFile = historyFile;
    }

    /** Runs until {@code quit}, {@code exit} or end of input; returns the exit status. */
    int run() {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ganglion-ctl")
                .completer(new CtlCompleter(() -> BalancerNames.readOrNone(session)));
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        PrintWriter out = terminal.writer();
        LineReader reader = builder.build();
        out.println("Connected to " + session.endpoint() + " (level " + level.name().toLowerCase(Locale.ROOT)
                + "). Tab completes commands and names; 'quit' leaves.");
        while (true) {
            String line;
            try {
                line = reader.readLine("> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String command = line.strip();
            if (EXIT_WORDS.contains(command)) {
                break;
            }
            if (!command.isEmpty()) {
                out.print(answer(command));
                out.flush();
            }
        }
        return CtlMain.OK;
    }

    private String answer(String command) {
        try {
            Answer answer = session.execute(command);
            return answer.text();
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage() + "\n";
        } catch (RuntimeApiException e) {
            return "error: " + e.getMessage() + "\n";
        }
    }
}
