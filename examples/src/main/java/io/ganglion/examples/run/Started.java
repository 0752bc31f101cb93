package io.ganglion.examples.run;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a running example offers its user: the frontend to send a request to, the admin socket to
 * try Runtime API commands on, and how many servers each of its backends has once it is all up.
 */
record Started(URI frontend, Path socket, Map<String, Integer> servers) {

    Started {
        servers = Map.copyOf(servers);
    }
}
