package io.ganglion.bench.footprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's memory goes, as its Native Memory Tracking summary says ({@code jcmd PID
 * VM.native_memory summary}; the JVM must run with {@code -XX:NativeMemoryTracking=summary}):
 * committed KiB per category (Java Heap, Class, Thread, Code, GC, Internal, Other = direct
 * buffers, ...), and the number of threads.
 */
public final class NativeMemory {
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern THREADS = Pattern.compile("\\(thread #(\\d+)\\)");

    private NativeMemory() {
    }

    /** The summary's text, or empty when jcmd is missing, NMT is off or the JVM did not answer in time. */
    public static Optional<String> summary(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0 || !out.contains("Total:")) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Committed KiB by category, {@code Total} first, then {@code threads} (a count, not KiB). */
    public static Map<String, Long> committedKib(String summary) {
        Map<String, Long> committed = new LinkedHashMap<>();
        for (String line : summary.lines().map(String::strip).toList()) {
            Matcher total = TOTAL.matcher(line);
            Matcher category = CATEGORY.matcher(line);
            Matcher threads = THREADS.matcher(line);
            if (total.find()) {
                committed.put("Total", Long.parseLong(total.group(1)));
            } else if (category.find()) {
                committed.put(category.group(1), Long.parseLong(category.group(2)));
            } else if (threads.find()) {
                committed.put("threads", Long.parseLong(threads.group(1)));
            }
        }
        return committed;
    }

    /** One line: {@code Total 80.1, Java Heap 16.0, Class 12.3, ...} in MiB, categories of 1 MiB or more. */
    public static String describe(Map<String, Long> committedKib) {
        StringBuilder line = new StringBuilder();
        committedKib.forEach((name, value) -> {
            if (name.equals("threads")) {
                line.append(line.isEmpty() ? "" : ", ").append(value).append(" threads");
            } else if (value >= 1024) {
                line.append(line.isEmpty() ? "" : ", ").append(name).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", value / 1024.0));
            }
        });
        return line + " (MiB committed)";
    }
}
