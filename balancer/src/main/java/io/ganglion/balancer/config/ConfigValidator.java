package io.ganglion.balancer.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks that need the whole file: names, references between proxies, missing listeners. */
final class ConfigValidator {
    /** HAProxy indents its advice by three blanks under the warning line. */
    private static final String TIMEOUT_ADVICE = "\n   | While not properly invalid, you will certainly encounter various problems"
            + "\n   | with such a configuration. To fix this, please ensure that all following"
            + "\n   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.";

    private ConfigValidator() {
    }

    /**
     * @param builders   the same proxies, for facts the records do not keep (where default_backend was written...)
     * @param globalLogs the global section has {@code log} lines, for {@code log global}
     * @param packageChecks the checks the packages declare, run last
     */
    static List<Problem> validate(List<ProxySection> proxies, List<ProxyBuilder> builders, boolean globalLogs,
                                  List<ConfigCheck> packageChecks) {
        List<Problem> problems = new ArrayList<>();
        duplicateNames(proxies, problems);
        Map<String, ProxySection> backends = new HashMap<>();
        proxies.stream().filter(ProxySection::isBackend).forEach(p -> backends.putIfAbsent(p.name(), p));
        for (int i = 0; i < proxies.size(); i++) {
            ProxySection p = proxies.get(i);
            if (p.isFrontend()) {
                checkFrontend(p, builders.get(i), backends, problems);
                httpLogInTcpMode(p, builders.get(i), problems);
                logFormatWithoutLog(p, builders.get(i), globalLogs, problems);
            }
            if (missingTimeouts(p)) {
                problems.add(Problem.warning(null, "missing timeouts for " + ProxyBuilder.kindWord(p.kind()) + " '" + p.name() + "'." + TIMEOUT_ADVICE));
            }
        }
        for (ConfigCheck c : packageChecks) {
            c.check(proxies, backends, problems);
        }
        return problems;
    }

    private static void duplicateNames(List<ProxySection> proxies, List<Problem> problems) {
        for (int i = 0; i < proxies.size(); i++) {
            ProxySection p = proxies.get(i);
            for (int j = 0; j < i; j++) {
                ProxySection earlier = proxies.get(j);
                boolean overlap = (p.isFrontend() && earlier.isFrontend()) || (p.isBackend() && earlier.isBackend());
                if (overlap && earlier.name().equals(p.name())) {
                    problems.add(Problem.alert(p.source(), ProxyBuilder.kindWord(p.kind()) + " '" + p.name() + "' has the same name as "
                            + ProxyBuilder.kindWord(earlier.kind()) + " '" + earlier.name() + "' declared at " + earlier.source() + "."));
                    break;
                }
            }
        }
    }

    private static void checkFrontend(ProxySection p, ProxyBuilder builder, Map<String, ProxySection> backends,
                                      List<Problem> problems) {
        Source backendSource = builder.defaultBackendSource();
        if (!builder.hasBindLine()) {
            // a warning, as in HAProxy 2.6: the start fails only when nothing at all listens
            problems.add(Problem.warning(null, ProxyBuilder.kindWord(p.kind()) + " '" + p.name()
                    + "' has no 'bind' directive. Please declare it as a backend if this was intended."));
        }
        String name = p.defaultBackend();
        if (name == null || (p.kind() == ProxyKind.LISTEN && name.equals(p.name()))) {
            return;
        }
        ProxySection backend = backends.get(name);
        if (backend == null) {
            problems.add(Problem.alert(backendSource, "Proxy '" + p.name() + "': unable to find required default_backend: '"
                    + name + "'."));
        } else if (backend.mode() != p.mode()) {
            problems.add(Problem.alert(backendSource, p.mode().keyword() + " " + ProxyBuilder.kindWord(p.kind()) + " '" + p.name() + "' ("
                    + p.source() + ") tries to use incompatible " + backend.mode().keyword() + " backend '" + backend.name()
                    + "' (" + backend.source() + ") as its default backend (see 'mode')."));
        }
    }

    private static void httpLogInTcpMode(ProxySection p, ProxyBuilder builder, List<Problem> problems) {
        if (p.mode() == ProxyMode.TCP && builder.writtenAccessLogFormat().needsHttpMode()) {
            problems.add(Problem.warning(builder.writtenAccessLogFormat().source(), "'option httplog' not usable with "
                    + ProxyBuilder.kindWord(p.kind()) + " '" + p.name() + "' (needs 'mode http'). Falling back to 'option tcplog'."));
        }
    }

    /** {@code option httplog|tcplog} or {@code log-format} where nothing is logged has no effect: HAProxy warns, without a line. */
    private static void logFormatWithoutLog(ProxySection p, ProxyBuilder builder, boolean globalLogs, List<Problem> problems) {
        if (builder.writtenAccessLogFormat().atEnd() && !(p.logGlobal() && globalLogs)) {
            problems.add(Problem.warning(null, "log format ignored for " + ProxyBuilder.kindWord(p.kind()) + " '" + p.name()
                    + "' since it has no log address."));
        }
    }

    private static boolean missingTimeouts(ProxySection p) {
        Timeouts t = p.timeouts();
        boolean front = p.isFrontend() && t.client() == null;
        boolean back = p.isBackend() && (t.connect() == null || t.server() == null);
        return front || back;
    }
}
