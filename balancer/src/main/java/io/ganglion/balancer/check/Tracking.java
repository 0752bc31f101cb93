package io.ganglion.balancer.check;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;
import java.util.Map;

/**
 * Links each server configured with {@code track [BACKEND/]SERVER} to the server it follows, once
 * every backend exists. The configuration was validated before (the names resolve, no loop), so a
 * name that matches nothing here is a bug.
 */
public final class Tracking {
    private Tracking() {
    }

    public static void link(Map<String, Backend> backends) {
        for (Backend b : backends.values()) {
            for (Server s : b.servers()) {
                String track = s.spec().get(CheckOptions.TRACK);
                if (track == null) {
                    continue;
                }
                int slash = track.indexOf('/');
                Backend owner = slash < 0 ? b : backends.get(track.substring(0, slash));
                Server target = owner.server(track.substring(slash + 1)).orElseThrow(
                        () -> new IllegalStateException("track " + track + " of " + s.qualifiedName() + " was not validated"));
                s.track(target);
            }
        }
    }
}
