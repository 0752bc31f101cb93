package io.ganglion.bench.part;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a JVM, as {@code jcmd PID GC.class_histogram} reports it: the histogram runs a
 * full collection first, so its total is what the heap holds after GC, not what the collector
 * happens to have left uncollected.
 */
final class HeapUsage {
    private HeapUsage() {
    }

    /** Live heap bytes, or empty when jcmd is missing or the JVM did not answer within a minute. */
    static OptionalLong liveBytes(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            // The histogram of a small heap is a few hundred kB: read it all, then wait.
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                return OptionalLong.empty();
            }
            return total(out.lines().toList());
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The last line reads {@code Total <instances> <bytes>}. */
    static OptionalLong total(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] words = lines.get(i).trim().split("\\s+");
            if (words.length == 3 && words[0].equals("Total")) {
                return OptionalLong.of(Long.parseLong(words[2]));
            }
        }
        return OptionalLong.empty();
    }
}
