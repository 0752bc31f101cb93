package io.ganglion.balancer.process;

import io.ganglion.balancer.process.SideBySide.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The tests of a class share one {@link SideBySide}: the balancer and HAProxy, started once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SideBySideTest {
    protected SideBySide sides;
    protected Target ours;
    protected Target theirs;

    @BeforeAll
    void startBoth(@TempDir Path dir) throws Exception {
        sides = SideBySide.start(dir);
        ours = sides.ours();
        theirs = sides.theirs();
    }

    @AfterAll
    void stopBoth() throws Exception {
        if (sides != null) {
            sides.close();
        }
    }
}
