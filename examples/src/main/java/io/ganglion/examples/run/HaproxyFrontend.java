package io.ganglion.examples.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The frontend of a real HAProxy's configuration that serves a backend, read from its
 * {@code frontend} sections' {@code bind} and {@code default_backend} lines. A scan, not the
 * balancer's parser: an HAProxy configuration may use what the balancer refuses (the example's
 * {@code expose-fd listeners}, for HAProxy's seamless reloads).
 */
final class HaproxyFrontend {

    private HaproxyFrontend() {
    }

    static URI serving(Path config, String backend) throws IOException {
        String bind = null;
        boolean inFrontend = false;
        for (String line : Files.readAllLines(config)) {
            String[] words = line.strip().split("\\s+");
            if (line.isBlank() || words[0].startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) { // a section header
                inFrontend = words[0].equals("frontend");
                bind = null;
            } else if (inFrontend && words[0].equals("bind") && bind == null) {
                bind = words[1];
            } else if (inFrontend && words[0].equals("default_backend") && words[1].equals(backend) && bind != null) {
                return URI.create("http://" + bind + "/");
            }
        }
        throw new IOException(config + ": no frontend with a bind line and 'default_backend " + backend + "'");
    }
}
