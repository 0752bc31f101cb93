package io.ganglion.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client from {@link ZooKeeperClients} costs the JVM that runs it, seen from a JVM of its own. */
class ZooKeeperClientsTest extends ZooKeeperTestBase {

    @Test
    void aPlainConnectionLoadsNoneOfTheJdksTls(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("class-load.log");
        Path out = dir.resolve("out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                ZooKeeperClientProbe.class.getName(), server.getConnectString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();

        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
        assertThat(probe.exitValue()).as(Files.readString(out, StandardCharsets.UTF_8)).isZero();
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertThat(loaded).as("the probe read ZooKeeper").contains(ZooKeeperClientProbe.class.getName() + " ");
        // ZooKeeper's X509Util asked the JDK for its default SSLContext: JSSE and the trust store, ~520 classes.
        assertThat(loaded).doesNotContain("javax.net.ssl.SSLContext ").doesNotContain("sun.security.ssl.");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("children of /: [zookeeper");
    }
}
