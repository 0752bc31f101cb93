package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@link Fixture} per target, shared by the cases of a test class: a process per case
 * (HAProxy, or a whole JVM for the bundled balancer) was most of the suite's time. After each case
 * {@link TopologyRestore} puts the topology back; should the state read back then differ from the
 * state read right after start, that process is stopped and the next case gets a new one, so no
 * case depends on which cases ran before it.
 *
 * <p>Registered on a test class as a static {@code @RegisterExtension} field: the processes and
 * their work directory live as long as the class's tests.
 */
public final class SharedFixtures implements BeforeAllCallback, AfterAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFixtures.class);

    private record Shared(Fixture fixture, TopologyState pristine) {
    }

    private final Map<String, Shared> running = new HashMap<>();
    private Path workRoot;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        workRoot = Files.createTempDirectory("ganglion-balancers");
    }

    /** The target's running fixture, started on first use. */
    public Fixture acquire(BalancerTarget target) throws IOException {
        Shared shared = running.get(target.name());
        if (shared == null) {
            // one directory per target: both open unix sockets of the same names
            Path dir = Files.createDirectories(workRoot.resolve(target.name()));
            Fixture fixture = Fixture.start(target, dir);
            try {
                shared = new Shared(fixture, TopologyState.read(admin(fixture)));
            } catch (RuntimeException | Error e) {
                fixture.close();
                throw e;
            }
            running.put(target.name(), shared);
        }
        return shared.fixture();
    }

    /** Ends a case on the target's fixture: restores its topology, or stops it when that fails. */
    public void release(BalancerTarget target) {
        Shared shared = running.get(target.name());
        if (shared == null) {
            return;
        }
        boolean restored = false;
        try {
            RuntimeApi api = admin(shared.fixture());
            TopologyRestore.restore(api, shared.fixture().topology());
            TopologyState now = TopologyState.read(api);
            restored = now.equals(shared.pristine());
            if (!restored) {
                LOG.info("{}: restored, it still differs from its state at start ({} instead of {}); starting a new process",
                        target.name(), now.differencesFrom(shared.pristine()), shared.pristine().differencesFrom(now));
            }
        } catch (RuntimeException e) {
            LOG.info("{}: could not restore the topology; starting a new process", target.name(), e);
        } finally {
            if (!restored) {
                running.remove(target.name());
                shared.fixture().close();
            }
        }
    }

    private static RuntimeApi admin(Fixture fixture) {
        return new RuntimeClient(fixture.sockets().admin(), Access.TIMEOUTS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            running.values().forEach(s -> s.fixture().close());
            running.clear();
        } finally {
            try (Stream<Path> files = Files.walk(workRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(SharedFixtures::delete);
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
