package io.ganglion.bench;

import java.io.File;
import java.util.Optional;

/** Finds the programs the harness drives on the PATH; it never installs them. */
final class Tools {
    private Tools() {
    }

    static Optional<String> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            File candidate = new File(dir, program);
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
