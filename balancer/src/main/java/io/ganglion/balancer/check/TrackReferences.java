package io.ganglion.balancer.check;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.ServerSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves every {@code track [BACKEND/]SERVER} once all proxies are read, with HAProxy 2.6's
 * messages: the backend and server must exist, the tracked server must have a check, an agent or
 * a {@code track} of its own (chains are allowed), and a chain must not loop back.
 */
final class TrackReferences implements ConfigCheck {

    /** A server and the backend it belongs to. */
    record Ref(ProxySection backend, ServerSpec server) {
        String qualified() {
            return backend.name() + "/" + server.name();
        }
    }

    /**
     * Servers are linked in the order of the file, as HAProxy does: a loop is found by the server
     * that closes it, following only the links made before it.
     */
    @Override
    public void check(List<ProxySection> proxies, Map<String, ProxySection> backends, List<Problem> problems) {
        Set<String> linked = new HashSet<>();
        for (ProxySection p : proxies) {
            for (ServerSpec s : p.servers()) {
                if (s.get(CheckOptions.TRACK) != null) {
                    Ref ref = new Ref(p, s);
                    Optional<String> problem = checkOne(ref, backends, linked);
                    problem.ifPresent(m -> problems.add(Problem.alert(s.source(),
                            "'server " + p.name() + "/" + s.name() + "' : " + m)));
                    if (problem.isEmpty()) {
                        linked.add(ref.qualified());
                    }
                }
            }
        }
    }

    /** The tracked server of {@code from}, or empty when its name matches nothing. */
    static Optional<Ref> target(Ref from, Map<String, ProxySection> backends) {
        String track = from.server().get(CheckOptions.TRACK);
        int slash = track.indexOf('/');
        ProxySection backend = slash < 0 ? from.backend() : backends.get(track.substring(0, slash));
        if (backend == null) {
            return Optional.empty();
        }
        String name = track.substring(slash + 1);
        return backend.servers().stream().filter(s -> s.name().equals(name)).findFirst().map(s -> new Ref(backend, s));
    }

    private static Optional<String> checkOne(Ref from, Map<String, ProxySection> backends, Set<String> linked) {
        String track = from.server().get(CheckOptions.TRACK);
        int slash = track.indexOf('/');
        if (slash >= 0 && !backends.containsKey(track.substring(0, slash))) {
            return Optional.of("unable to find required proxy '" + track.substring(0, slash) + "' for tracking.");
        }
        Optional<Ref> tracked = target(from, backends);
        if (tracked.isEmpty()) {
            return Optional.of("unable to find required server '" + track.substring(slash + 1) + "' for tracking.");
        }
        Ref t = tracked.get();
        if (!CheckOptions.isTrackable(t.server())) {
            return Optional.of("unable to use " + t.qualified() + " for tracking as it does not have any check nor agent enabled.");
        }
        if (t.qualified().equals(from.qualified()) || loopsBackTo(t, from, backends, linked)) {
            return Optional.of("unable to track " + t.qualified() + " as it belongs to a tracking chain looping back to "
                    + from.qualified() + ".");
        }
        return Optional.empty();
    }

    private static boolean loopsBackTo(Ref start, Ref origin, Map<String, ProxySection> backends, Set<String> linked) {
        Set<String> seen = new HashSet<>();
        Optional<Ref> next = Optional.of(start);
        while (next.isPresent() && seen.add(next.get().qualified())) {
            if (next.get().qualified().equals(origin.qualified())) {
                return true;
            }
            next = linked.contains(next.get().qualified()) ? target(next.get(), backends) : Optional.empty();
        }
        return false;
    }
}
