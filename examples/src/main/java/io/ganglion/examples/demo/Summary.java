package io.ganglion.examples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The closing report: one line per step (length, convergence, requests, failures, shares), then the
 * totals. Its last line is always {@code requests: N, failed: F}, which scripts read.
 */
final class Summary {

    private Summary() {
    }

    static List<String> lines(List<StepResult> steps, Tally total, String lastFailure) {
        List<String> lines = new ArrayList<>();
        lines.add("== summary");
        if (!steps.isEmpty()) {
            lines.add(String.format("%-3s %-20s %7s %-28s %9s %7s  %s", "#", "step", "length", "convergence", "requests",
                    "failed", "shares"));
            for (int i = 0; i < steps.size(); i++) {
                StepResult step = steps.get(i);
                lines.add(String.format("%-3d %-20s %7s %-28s %9d %7d  %s", i + 1, step.title(),
                        Story.seconds(step.length()), step.note(), step.tally().sent(), step.tally().failed(),
                        step.tally().shares()));
            }
        }
        lines.add("shares over the whole run: " + total.shares());
        if (total.failed() > 0) {
            lines.add("last failure: " + lastFailure);
        }
        lines.add("requests: " + total.sent() + ", failed: " + total.failed());
        return lines;
    }
}
