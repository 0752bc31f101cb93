package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.pattern.PatternEntry;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change made to a pattern reference on the control loop (what {@code add acl}, {@code del acl},
 * {@code set map}, {@code prepare}/{@code commit} do) is what the very next request is matched
 * against: a client added to the whitelist passes at once and is shut out again when deleted, by file
 * name and by {@code #id}; a map value set shows in the next request's header.
 */
class LivePatternChangeTest {
    @TempDir
    Path dir;

    @Test
    void theNextRequestSeesEachChange() throws Exception {
        Path whitelist = Files.writeString(dir.resolve("whitelist.lst"), "192.0.2.10\n");
        Path countries = Files.writeString(dir.resolve("ip-country.lst"), "127.0.0.0/8 LOOPBACK\n");
        try (TestHttpBackend server = new TestHttpBackend("app");
                RunningBalancer lb = RunningBalancer.start(RunningBalancer.httpTopology("""
                            acl whitelist src -f %s
                            http-request set-header X-Country %%[src,map_ip(%s,UNKNOWN)]
                            http-request deny unless whitelist
                        """.formatted(whitelist, countries), "    server app 127.0.0.1:" + server.port() + "\n"))) {
            PatternReferences refs = RulesLoad.patterns(lb.balancer().config().global());
            PatternReference acl = refs.find(whitelist.toString(), PatternReference.Kind.ACL);
            PatternReference map = refs.find("#" + refs.find(countries.toString()).number());

            assertThat(status(lb)).isEqualTo(403);
            PatternEntry added = onControlLoop(lb, () -> acl.add("127.0.0.1", null));
            assertThat(status(lb)).isEqualTo(200);
            assertThat(server.lastHeaders()).containsEntry("x-country", "LOOPBACK");

            onControlLoop(lb, () -> map.setValue("127.0.0.0/8", "LOCAL-UPDATED"));
            assertThat(status(lb)).isEqualTo(200);
            assertThat(server.lastHeaders()).containsEntry("x-country", "LOCAL-UPDATED");

            onControlLoop(lb, () -> acl.deleteId(added.id()));
            assertThat(status(lb)).isEqualTo(403);

            int version = onControlLoop(lb, acl::prepare);
            onControlLoop(lb, () -> acl.add(version, "127.0.0.0/8", null));
            assertThat(status(lb)).as("a prepared version is not in force").isEqualTo(403);
            onControlLoop(lb, () -> acl.commit(version));
            assertThat(status(lb)).isEqualTo(200);

            onControlLoop(lb, () -> {
                map.clear();
                return null;
            });
            assertThat(status(lb)).isEqualTo(200);
            assertThat(server.lastHeaders()).containsEntry("x-country", "UNKNOWN");
        }
    }

    private static int status(RunningBalancer lb) throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** Runs a change where the socket commands run it, and waits for it (the contract: control loop only). */
    private static <T> T onControlLoop(RunningBalancer lb, Callable<T> change) throws Exception {
        return lb.balancer().control().submit(change).get();
    }
}
