package io.ganglion.bench.part;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording and summarizes its CPU samples ({@code jdk.ExecutionSample}): the methods
 * at the top of the stack (where the time is spent) and the Ganglion methods found anywhere on
 * the stack (which of our code paths lead there).
 */
public final class JfrTopFrames {
    private static final String OURS = "io.ganglion.";

    private JfrTopFrames() {
    }

    public static String summarize(Path recording, int top) {
        if (!Files.exists(recording)) {
            return "profile: no recording at " + recording + " (the balancer did not write it on exit)";
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    self.merge(name(frames.get(0)), 1, Integer::sum);
                }
                countOursOnce(event.getStackTrace(), ours);
            }
        } catch (IOException e) {
            return "profile: cannot read " + recording + ": " + e.getMessage();
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "profile %s: %d CPU samples%n", recording, samples));
        append(out, "top frames (self)", self, samples, top);
        append(out, "Ganglion frames on the stack (inclusive)", ours, samples, top);
        return out.toString();
    }

    private static void countOursOnce(RecordedStackTrace stack, Map<String, Integer> ours) {
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : stack.getFrames()) {
            String name = name(frame);
            if (name.startsWith(OURS) && seen.add(name)) {
                ours.merge(name, 1, Integer::sum);
            }
        }
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    private static void append(StringBuilder out, String title, Map<String, Integer> counts, int total, int top) {
        out.append("  ").append(title).append(":\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    }
}
