package io.ganglion.balancer.check;

import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.CheckResult;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.StrtolLike;
import io.ganglion.balancer.server.WeightRequest;

/**
 * What an agent's answer does to its server, in HAProxy 2.6's order: the admin word first
 * ({@code drain}, {@code maint}, {@code ready} set or clear the same DRAIN/MAINT as the socket's
 * {@code set server ... state}), then the weight (a percentage of the initial weight), then
 * {@code maxconn}, and last the health word: {@code down}, {@code stopped} or {@code fail} take
 * the server DOWN at once (the agent's rise and fall are 1), {@code up} lets it be UP again if its
 * health check agrees. A failed exchange (no connection, no line) changes nothing but the
 * agent's status: a missing agent is not a sick server.
 */
final class AgentReplyEffect {
    private static final String CAUSE = "by agent";

    private AgentReplyEffect() {
    }

    static void apply(Server server, AgentOutcome outcome) {
        if (outcome.status() != null) {
            CheckResult failed = new CheckResult(outcome.status(), 0, outcome.duration(), outcome.info(),
                    System.currentTimeMillis());
            server.agent(a -> a.withResult(failed, outcome.info()));
            return;
        }
        if (outcome.line() == null) {
            server.agent(a -> a.withText("Ignoring incomplete line from agent"));
            return;
        }
        AgentReply reply = AgentReply.parse(outcome.line());
        if (reply.meaningless()) {
            String word = reply.unknown() == null ? "" : reply.unknown();
            record(server, "CHECKED", outcome, "agent reports an error : " + word);
            return;
        }
        String warning = null;
        if (reply.admin() != null) {
            AdminState admin = switch (reply.admin()) {
                case "drain" -> AdminState.DRAIN;
                case "maint" -> AdminState.MAINT;
                default -> AdminState.READY;
            };
            server.update(st -> st.withAdmin(admin), CAUSE);
        }
        if (reply.weight() != null) {
            warning = change(() -> {
                int weight = WeightRequest.parse(reply.weight(), server.initialWeight());
                server.update(st -> st.withWeight(weight), CAUSE);
            });
        }
        if (reply.maxconn() != null) {
            String w = change(() -> {
                int maxconn = StrtolLike.parse(reply.maxconn(), "maxconn");
                server.update(st -> st.withMaxconn(Math.max(0, maxconn)), CAUSE);
            });
            warning = warning == null ? w : warning;
        }
        if (reply.health() == null) {
            record(server, "CHECKED", outcome, warning == null ? "" : "agent warns : " + warning);
            return;
        }
        String said = "via agent : " + reply.health()
                + (reply.description() == null || reply.description().isEmpty() ? "" : " (" + reply.description() + ")");
        boolean up = reply.saysUp();
        CheckResult result = record(server, up ? "L7OK" : "L7STS", outcome, said);
        server.agent(a -> a.withUp(up));
        boolean isDown = server.settings().health() == OperationalState.DOWN;
        // logged as HAProxy words a check's verdict: reason, info (the agent's words), duration
        String why = HealthCheck.describe(result);
        if (!up && !isDown) {
            server.update(st -> st.withHealth(OperationalState.DOWN), why);
        } else if (up && isDown && server.checksAllowUp()) {
            server.update(st -> st.withHealth(OperationalState.UP), why);
        }
    }

    /** Runs a change and returns the refusal's text (without its line end), or null. */
    private static String change(Runnable change) {
        try {
            change.run();
            return null;
        } catch (CommandException e) {
            return e.getMessage().strip();
        }
    }

    private static CheckResult record(Server server, String status, AgentOutcome outcome, String text) {
        CheckResult r = new CheckResult(status, 0, outcome.duration(), text, System.currentTimeMillis());
        server.agent(a -> a.withResult(r, text));
        return r;
    }
}
