package io.ganglion.agent.execute;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.reconcile.Action;
import io.ganglion.agent.status.AgentMetrics;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.RuntimeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan's actions over one kept {@code prompt} session: every command of every
 * action goes out in one pipelined batch, and every answer is checked. A refused command is
 * recorded, and its server is left alone until its back-off passes; the rest of the batch goes on,
 * and the next cycle re-reads the truth. A refusal is logged with its text and the balancer's
 * answer when it is new or changed, and then only at growing intervals ({@link RefusalLog}).
 * Used by the reconcile thread only.
 */
public final class Executor {

    private static final Logger log = LoggerFactory.getLogger(Executor.class);

    /** What became of one action. {@code refusal} is empty when it succeeded or was deferred. */
    public record Outcome(Action action, Status status, String refusal) {
        public enum Status { DONE, REFUSED, DEFERRED }
    }

    private final RuntimeSession session;
    private final AuditTrail audit;
    private final AgentMetrics metrics;
    private final RetryBackoff backoff;
    private final RefusalLog refusals = new RefusalLog();

    public Executor(RuntimeSession session, AuditTrail audit, AgentMetrics metrics, Duration retryInitial, Duration retryMax) {
        this.session = session;
        this.audit = audit;
        this.metrics = metrics;
        this.backoff = new RetryBackoff(retryInitial, retryMax);
    }

    /** @throws io.ganglion.runtime.RuntimeTransportException when the socket fails (nothing is recorded then) */
    public List<Outcome> execute(List<Action> actions, Instant now) {
        List<Action> due = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Action action : actions) {
            if (backoff.mayTry(key(action), now)) {
                due.add(action);
            } else {
                outcomes.add(new Outcome(action, Outcome.Status.DEFERRED, ""));
            }
        }
        List<Command> batch = new ArrayList<>();
        List<List<Command>> perAction = new ArrayList<>();
        for (Action action : due) {
            List<Command> commands = ActionCommands.of(action);
            perAction.add(commands);
            batch.addAll(commands);
        }
        if (batch.isEmpty()) {
            return outcomes;
        }
        List<Answer> answers = session.pipeline(batch);
        int next = 0;
        for (int i = 0; i < due.size(); i++) {
            List<Answer> mine = answers.subList(next, next + perAction.get(i).size());
            next += mine.size();
            outcomes.add(settle(due.get(i), mine, now));
        }
        return outcomes;
    }

    private Outcome settle(Action action, List<Answer> answers, Instant now) {
        Optional<Answer> refused = answers.stream().filter(answer -> !answer.isSuccess()).findFirst();
        String detail = detail(action);
        String summary = action.backend() + "/" + action.server() + ": " + action.kind()
                + (detail.isEmpty() ? "" : " " + detail) + " (" + action.cause() + ")";
        if (refused.isEmpty()) {
            backoff.succeeded(key(action));
            refusals.succeeded(key(action));
            log.info("{}: ok", summary);
            record(action, now, "ok");
            metrics.increment("ganglion_actions_total", "kind", action.kind(), "result", "ok");
            return new Outcome(action, Outcome.Status.DONE, "");
        }
        String refusal = "'" + refused.get().command().line() + "' refused: " + refused.get().text().strip();
        Instant retryAt = backoff.failed(key(action), now);
        Integer unreported = refusals.shouldWarn(key(action), refusal, now);
        if (unreported == null) {
            log.debug("{}: {}; retrying after {}", summary, refusal, retryAt);
        } else if (unreported == 0) {
            log.warn("{}: {}; retrying with back-off", summary, refusal);
        } else {
            log.warn("{}: {}; still refused ({} more times since the last warning); retrying with back-off", summary, refusal,
                    unreported);
        }
        record(action, now, refusal);
        metrics.increment("ganglion_actions_total", "kind", action.kind(), "result", "refused");
        return new Outcome(action, Outcome.Status.REFUSED, refusal);
    }

    private void record(Action action, Instant now, String result) {
        audit.record(new AuditEntry(now, action.backend(), action.server(), action.kind(), detail(action),
                action.cause().toString(), result));
    }

    static String detail(Action action) {
        if (action instanceof Action.Add add) {
            return add.host() + ":" + add.port() + " " + String.join(" ", add.options())
                    + (add.operatorWeight() < 0 ? "" : ", then the operator's weight " + add.operatorWeight());
        }
        if (action instanceof Action.SetWeight weight) {
            return Integer.toString(weight.weight());
        }
        if (action instanceof Action.SetAddress address) {
            return address.host() + ":" + address.port();
        }
        if (action instanceof Action.Fill fill) {
            return fill.host() + ":" + fill.port();
        }
        return "";
    }

    private static String key(Action action) {
        return action.backend() + "/" + action.server();
    }
}
