package io.ganglion.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the balancer's class path costs a running balancer. The JDK's class loader opens every jar on
 * it (the ServiceLoader lookups of slf4j, logback and the module descriptors look in each one) and
 * keeps each jar's central directory and entry table on the heap for the life of the process (issue
 * 18: with the agent's 100 jars, 2.6 MB of central directories; each MiB live costs about 2.5 MiB of
 * committed heap under the serial collector's sizing). So the class path carries only the Netty
 * modules the balancer uses.
 */
class ClassPathTest {
    /** The modules the balancer's code imports, and what they need themselves (codec-http's compression). */
    private static final Set<String> USED = Set.of("netty-buffer", "netty-codec-base", "netty-codec-compression",
            "netty-codec-http", "netty-common", "netty-handler", "netty-resolver", "netty-transport",
            "netty-transport-classes-epoll", "netty-transport-native-epoll", "netty-transport-native-unix-common",
            "netty-transport-classes-io_uring", "netty-transport-native-io_uring",
            "netty-tcnative-classes", "netty-tcnative-boringssl-static");

    @Test
    void theClassPathCarriesNoNettyModuleTheBalancerDoesNotUse() throws IOException {
        List<String> netty = Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF"))
                .stream().map(ClassPathTest::jarName)
                .filter(name -> name.startsWith("netty-"))
                .map(name -> name.replaceFirst("-\\d.*", ""))
                .distinct().sorted().toList();
        assertThat(netty).as("Netty modules on the class path").contains("netty-transport").isSubsetOf(USED);
    }

    private static String jarName(URL manifest) {
        try {
            String file = ((JarURLConnection) manifest.openConnection()).getJarFileURL().getPath();
            return file.substring(file.lastIndexOf('/') + 1);
        } catch (IOException | ClassCastException e) {
            return manifest.toString(); // a directory of classes: not a jar
        }
    }
}
