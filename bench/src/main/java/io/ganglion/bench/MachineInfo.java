package io.ganglion.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where a run took place, printed above the table and stored with the figures. */
final class MachineInfo {
    private MachineInfo() {
    }

    static Map<String, String> describe() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        info.put("kernel", System.getProperty("os.version"));
        info.put("java", System.getProperty("java.vm.version"));
        // Other builds share the machine: the load at the start tells how quiet it was.
        info.put("loadavg at start", read(Path.of("/proc/loadavg")).map(s -> s.split(" ", 4)).map(w -> w[0] + " " + w[1] + " " + w[2]).orElse("unknown"));
        return info;
    }

    private static Optional<String> firstValue(Path file, String key) {
        return read(file).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
