package io.ganglion.balancer.log;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.proxy.stream.UniqueId;
import java.util.List;

/**
 * The {@code log} package: access log formats. Its keywords choose a frontend's format; its check
 * compiles every frontend's format and {@code unique-id-format} once the configuration is read,
 * reporting what HAProxy 2.6
 * refuses at the {@code log-format} line with HAProxy's words; {@link LogLine} writes the lines.
 */
public final class LogModule implements BalancerModule {
    @Override
    public String name() {
        return "log";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return LogKeywords.rows();
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of((proxies, backends, problems) -> {
            for (ProxySection p : proxies) { // proxy by proxy, as HAProxy checks them
                if (!p.isFrontend()) {
                    continue; // HAProxy drops a backend's formats unread
                }
                AccessLogFormat f = p.accessLogFormat();
                if (f.atEnd()) {
                    compile(f.text(), p, f.source(), "log-format", problems);
                }
                if (p.get(UniqueId.FORMAT) instanceof UniqueIdFormat u) {
                    compile(u.text(), p, u.where(), "unique-id", problems);
                }
            }
        });
    }

    private static void compile(String format, ProxySection p, Source where, String what, List<Problem> problems) {
        try {
            LogFormatParser.compile(format, p.mode() == ProxyMode.HTTP, RuleLogSamples.of(p), where);
        } catch (LogFormatException e) {
            problems.add(Problem.alert(null, "Parsing [" + where + "]: failed to parse " + what + " : " + e.getMessage() + "."));
        }
    }
}
