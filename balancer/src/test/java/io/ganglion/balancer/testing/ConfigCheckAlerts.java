package io.ganglion.balancer.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.config.ConfigException;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The alerts of a refused configuration, ours and {@code haproxy -c}'s, as the text after
 * HAProxy's {@code [ALERT] (pid) : config : } prefix: for tests comparing refusals line by line.
 */
public final class ConfigCheckAlerts {
    private ConfigCheckAlerts() {
    }

    /** Our alerts for {@code config} (read as {@code one.cfg}), which must be refused. */
    public static List<Problem> ours(String config) {
        List<Problem> found = new ArrayList<>();
        assertThatThrownBy(() -> ConfigParser.parse("one.cfg", config)).isInstanceOfSatisfying(ConfigException.class,
                e -> found.addAll(e.alerts()));
        return found;
    }

    /** The alert's text after HAProxy's {@code [ALERT] (pid) : config : } prefix. */
    public static String text(Problem p) {
        String full = p.render(0);
        return full.substring(full.indexOf(" : config : ") + 12);
    }

    /** HAProxy's first alert for {@code config}, written to {@code dir/one.cfg} and checked there. */
    public static String haproxys(Path dir, String config) throws Exception {
        Files.writeString(dir.resolve("one.cfg"), config);
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", "one.cfg").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        for (String l : out.split("\n")) {
            if (l.startsWith("[ALERT]") && !l.contains("Error(s) found") && !l.contains("Fatal errors")) {
                // HAProxy writes a few of its messages "parsing [F:L]: ", most "parsing [F:L] : "
                return l.substring(l.indexOf(" : config : ") + 12).replaceFirst("^(parsing \\[[^]]*\\]): ", "$1 : ");
            }
        }
        return out;
    }
}
