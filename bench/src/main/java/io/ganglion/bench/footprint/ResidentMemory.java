package io.ganglion.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a process's resident memory lives, as the kernel counts it: anonymous pages (a JVM's heap,
 * class metadata, compiled code, malloc, and its class-data archives, which it relocates at start and
 * so dirties), pages of mapped files (libjvm's text above all, which every JVM of a host maps from
 * the same file), and the proportional share ({@code Pss}, shared pages divided among their
 * processes). Issue 18's goals are in RSS; the split says which part a flag or a class can move.
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** One line for {@code pid}, from {@code /proc/PID/status} and {@code /proc/PID/smaps_rollup}. */
    public static String of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        return describe(read(proc.resolve("status")), read(proc.resolve("smaps_rollup")));
    }

    /** {@code RSS 87.3 = anon 63.8 + file 23.5, PSS 78.2 (MiB)}; what is missing is left out. */
    static String describe(String status, String smapsRollup) {
        OptionalLong rss = kib(status, "VmRSS");
        if (rss.isEmpty()) {
            return "RSS unknown (MiB)";
        }
        StringBuilder line = new StringBuilder("RSS ").append(mib(rss.getAsLong()));
        kib(status, "RssAnon").ifPresent(anon -> line.append(" = anon ").append(mib(anon)));
        kib(status, "RssFile").ifPresent(file -> line.append(" + file ").append(mib(file)));
        kib(smapsRollup, "Pss").ifPresent(pss -> line.append(", PSS ").append(mib(pss)));
        return line.append(" (MiB)").toString();
    }

    private static OptionalLong kib(String text, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(text);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    /** A process that ended, or a kernel without the file, gives nothing. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
