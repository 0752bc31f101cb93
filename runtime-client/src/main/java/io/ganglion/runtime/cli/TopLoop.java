package io.ganglion.runtime.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeApiException;

/**
 * {@code ctl top} / {@code stat --watch N}: the table every interval, until {@code q}. On a
 * terminal the screen is redrawn in place; otherwise (a pipe, a file) each table is printed as
 * plain lines under a time stamp, so a log keeps every sample.
 */
final class TopLoop {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private final RuntimeApi api;
    private final String source;
    private final PrintStream out;
    private final boolean redraw;

    /** @param source what the header names: the socket the tables come from */
    TopLoop(RuntimeApi api, String source, PrintStream out, boolean redraw) {
        this.api = api;
        this.source = source;
        this.out = out;
        this.redraw = redraw;
    }

    /**
     * Prints {@code count} tables ({@code 0}: until interrupted), {@code interval} apart.
     * A failed sample is reported and the loop goes on: the balancer may be restarting.
     */
    int run(Duration interval, int count, TopPause pause) throws InterruptedException {
        for (int i = 0; count == 0 || i < count; i++) {
            if (i > 0 && pause.quitWithin(interval)) {
                break;
            }
            out.print(redraw ? CLEAR_SCREEN : (i > 0 ? "\n" : ""));
            out.println("# " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  " + source + "  (q to quit)");
            try {
                TopTable.render(api.showStat()).forEach(out::println);
            } catch (RuntimeApiException e) {
                out.println("error: " + e.getMessage());
            }
            out.flush();
        }
        return CtlMain.OK;
    }
}
