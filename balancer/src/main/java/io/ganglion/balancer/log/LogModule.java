package io.ganglion.balancer.log;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.Problem;
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
            for (ProxySection p : proxies) {
                AccessLogFormat f = p.accessLogFormat();
                if (!p.isFrontend() || !f.atEnd()) {
                    continue; // HAProxy drops a backend's format unread
                }
                try {
                    LogFormatParser.compile(f.text(), p.mode() == ProxyMode.HTTP, RuleLogSamples.of(p), f.source());
                } catch (LogFormatException e) {
                    problems.add(Problem.alert(null, "Parsing [" + f.source() + "]: failed to parse log-format : "
                            + e.getMessage() + "."));
                }
            }
            for (ProxySection p : proxies) {
                if (p.isFrontend() && p.get(UniqueId.FORMAT) instanceof UniqueIdFormat u) {
                    try {
                        LogFormatParser.compile(u.text(), p.mode() == ProxyMode.HTTP, RuleLogSamples.of(p), u.where());
                    } catch (LogFormatException e) {
                        problems.add(Problem.alert(null, "Parsing [" + u.where() + "]: failed to parse unique-id : "
                                + e.getMessage() + "."));
                    }
                }
            }
        });
    }
}
