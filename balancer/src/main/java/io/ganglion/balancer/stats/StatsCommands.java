package io.ganglion.balancer.stats;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;
import static io.ganglion.balancer.config.AccessLevel.OPERATOR;
import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code show stat}, {@code show info}, {@code show backend}, {@code show schema json} and {@code clear counters}. The dumps
 * read live counters and immutable snapshots, so they run on the socket's own thread ({@code show
 * stat} in pieces, as the client reads); clearing runs on the control thread like every other change.
 */
public final class StatsCommands {
    private StatsCommands() {
    }

    /** @param control the control loop, where {@code clear counters} runs */
    public static CommandTable table(BalancerView balancer, Executor control) {
        return CommandTable.of("stats",
                CliCommand.haproxy(USER, CommandHandler.dump(r -> showStat(balancer, r)), "show", "stat"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> showInfo(balancer, r)), "show", "info"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> answerText(ShowBackend.answer(balancer))),
                        "show", "backend"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> ShowSchema.answer()), "show", "schema", "json"),
                CliCommand.haproxy(OPERATOR, r -> clearCounters(balancer, control, r), "clear", "counters"));
    }

    private static AnswerDump showStat(BalancerView balancer, CommandRequest r) {
        StatRequest request = StatRequest.parse(r.args().subList(2, r.args().size()));
        return ShowStat.dump(balancer, request, r.session().level());
    }

    private static String showInfo(BalancerView balancer, CommandRequest r) {
        ShowInfo.Format format = ShowInfo.Format.PLAIN;
        for (String w : r.args().subList(2, r.args().size())) {
            if (w.equals("typed")) {
                format = ShowInfo.Format.TYPED;
            } else if (w.equals("json")) {
                format = ShowInfo.Format.JSON;
            }
        }
        return answerText(ShowInfo.answer(balancer, format));
    }

    /** {@code clear counters all} needs admin, plain {@code clear counters} operator, as in HAProxy. */
    private static CompletableFuture<String> clearCounters(BalancerView balancer, Executor control, CommandRequest r) {
        boolean all = r.arg(2).equals("all");
        if (all && !r.session().level().allows(ADMIN)) {
            return CompletableFuture.completedFuture("Permission denied\n");
        }
        return CompletableFuture.supplyAsync(() -> {
            ClearCounters.clear(balancer, all);
            return "";
        }, control);
    }

    /**
     * The dumps are written as HAProxy sends them, ending with the blank line; the session adds that
     * line itself, so it is taken off here.
     */
    public static String answerText(String dump) {
        return dump.endsWith("\n\n") ? dump.substring(0, dump.length() - 1) : dump;
    }
}
