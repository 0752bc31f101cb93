package io.ganglion.agent.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a bound {@link AgentConfig} must follow beyond its shape: required keys, references
 * between sections, ranges. Each violation carries the JSON pointer of the key so the loader can
 * point at its line.
 */
final class ConfigRules {

    /** @param pointer e.g. {@code /watch/1/registry}; {@code key} is the same as an operator reads it */
    record Violation(String pointer, String reason) {
        String key() {
            return pointer.substring(1).replaceAll("/([0-9]+)(?=/|$)", "[$1]").replace('/', '.');
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    private final List<Violation> violations = new ArrayList<>();
    private final AgentConfig config;

    private ConfigRules(AgentConfig config) {
        this.config = config;
    }

    static List<Violation> check(AgentConfig config) {
        ConfigRules rules = new ConfigRules(config);
        rules.balancer();
        config.registries().forEach(rules::registry);
        rules.watches();
        rules.registrations();
        rules.require(HOST_PORT.matcher(config.status()).matches(), "/status", "must be host:port, got '" + config.status() + "'");
        rules.positive(config.resync(), "/resync");
        return List.copyOf(rules.violations);
    }

    private void balancer() {
        BalancerSettings balancer = config.balancer();
        if (balancer == null) {
            fail("/balancer", "is required: give at least 'socket' (a unix path or host:port)");
            return;
        }
        if (present(balancer.socket(), "/balancer/socket") && balancer.bundled() != null
                && !Files.isRegularFile(Path.of(balancer.bundled()))) {
            fail("/balancer/bundled", "no such file: " + balancer.bundled());
        }
    }

    private void registry(String name, RegistrySettings registry) {
        String at = "/registries/" + name;
        if (registry instanceof ZooKeeperRegistry zk) {
            if (present(zk.connect(), at + "/connect")) {
                for (String server : zk.connect().split(",", -1)) {
                    require(HOST_PORT.matcher(server.strip()).matches(), at + "/connect", "'" + server + "' is not host:port");
                }
            }
            require(zk.chroot() == null || (zk.chroot().startsWith("/") && !zk.chroot().endsWith("/")),
                    at + "/chroot", "must be an absolute path without a trailing '/', got '" + zk.chroot() + "'");
            require(zk.auth() == null || zk.auth().indexOf(':') > 0, at + "/auth", "must be user:password");
            positive(zk.sessionTimeout(), at + "/session_timeout");
            positive(zk.connectionTimeout(), at + "/connection_timeout");
        } else if (registry instanceof ConsulRegistry consul) {
            if (present(consul.address(), at + "/address")) {
                require(isHttpUri(consul.address()), at + "/address", "must be an http:// or https:// URL, got '" + consul.address() + "'");
            }
            require(consul.token() == null || consul.tokenFile() == null, at + "/token_file", "give 'token' or 'token_file', not both");
            require(consul.tokenFile() == null || Files.isReadable(Path.of(consul.tokenFile())), at + "/token_file",
                    "cannot read " + consul.tokenFile());
        }
    }

    private void watches() {
        Set<String> services = new HashSet<>();
        Set<String> backends = new HashSet<>();
        for (int i = 0; i < config.watch().size(); i++) {
            WatchSettings watch = config.watch().get(i);
            String at = "/watch/" + i;
            if (present(watch.service(), at + "/service")) {
                require(services.add(watch.service()), at + "/service", "service '" + watch.service() + "' is watched twice");
            }
            if (present(watch.backend(), at + "/backend")) {
                require(NAME.matcher(watch.backend()).matches(), at + "/backend", "'" + watch.backend() + "' is not a backend name");
                require(backends.add(watch.backend()), at + "/backend", "backend '" + watch.backend() + "' is filled by two watches");
            }
            require(!watch.serverOptions().matches(".*[;\\\\\n].*"), at + "/server_options", "must not contain ';', '\\' or a new line");
            source(at, watch.registry(), watch.path(), watch.name());
            require(watch.slots() == null || NAME.matcher(watch.slots()).matches(), at + "/slots",
                    "must be the server-template's name prefix, e.g. srv");
            if (watch.policy() != null) {
                policy(at + "/policy", watch.policy());
            }
            if (watch.weight() != null) {
                weight(at + "/weight", watch.weight());
            }
        }
    }

    private void weight(String at, WeightSettings weight) {
        weightRange(weight.fixed(), at + "/fixed");
        weightRange(weight.min(), at + "/min");
        weightRange(weight.max(), at + "/max");
        require(weight.scale() == null || weight.scale() >= 1, at + "/scale", "must be 1 or more");
        require(weight.min() == null || weight.max() == null || weight.min() <= weight.max(), at + "/min",
                "must not be above max (" + weight.max() + ")");
        require(weight.fromMeta() == null || !weight.fromMeta().isBlank(), at + "/from_meta", "must name a meta key");
        require(weight.fixed() == null || weight.fromMeta() == null, at + "/from_meta", "give 'fixed' or 'from_meta', not both");
        for (int i = 0; i < weight.rules().size(); i++) {
            WeightRuleSettings rule = weight.rules().get(i);
            String ruleAt = at + "/rules/" + i;
            long matchers = java.util.stream.Stream.of(rule.tag(), rule.label(), rule.meta()).filter(m -> m != null).count();
            require(matchers == 1, ruleAt, "needs exactly one of 'tag', 'label', 'meta'");
            require(rule.label() == null || rule.label().indexOf('=') > 0, ruleAt + "/label", "must be key=value");
            require(rule.meta() == null || rule.meta().indexOf('=') > 0, ruleAt + "/meta", "must be key=value");
            if (require(rule.weight() != null, ruleAt + "/weight", "is required")) {
                weightRange(rule.weight(), ruleAt + "/weight");
            }
        }
    }

    private void weightRange(Integer weight, String pointer) {
        require(weight == null || (weight >= 0 && weight <= 256), pointer, "must be 0 to 256, got " + weight);
    }

    private void policy(String at, PolicySettings policy) {
        require(policy.maxShrinkShare() == null || (policy.maxShrinkShare() > 0 && policy.maxShrinkShare() <= 1),
                at + "/max_shrink_share", "must be more than 0 and at most 1");
        require(policy.maxRemovalsPerCycle() == null || policy.maxRemovalsPerCycle() >= 1,
                at + "/max_removals_per_cycle", "must be 1 or more");
        require(policy.flapLimit() == null || policy.flapLimit() >= 1, at + "/flap_limit", "must be 1 or more");
        positive(policy.confirmDelay(), at + "/confirm_delay");
        positive(policy.drainTimeout(), at + "/drain_timeout");
        positive(policy.flapWindow(), at + "/flap_window");
    }

    private void registrations() {
        for (int i = 0; i < config.register().size(); i++) {
            RegisterSettings register = config.register().get(i);
            String at = "/register/" + i;
            present(register.service(), at + "/service");
            present(register.host(), at + "/host");
            require(register.port() != null && register.port() >= 1 && register.port() <= 65535, at + "/port",
                    "is required, 1 to 65535");
            require(register.weight() == null || register.weight() >= 0, at + "/weight", "must be 0 or more");
            source(at, register.registry(), register.path(), register.name());
            require(register.instanceId() == null || !register.instanceId().contains("/"), at + "/instance_id", "must not contain '/'");
            for (int c = 0; c < register.checks().size(); c++) {
                check(at + "/checks/" + c, register.checks().get(c));
            }
        }
    }

    private void check(String at, CheckSettings check) {
        if (!present(check.type(), at + "/type")) {
            return;
        }
        switch (check.type()) {
            case "http" -> require(check.uri() != null && check.uri().startsWith("/"), at + "/uri", "is required for an http check and starts with '/'");
            case "tcp" -> { }
            case "command" -> present(check.command(), at + "/command");
            default -> fail(at + "/type", "unknown check type '" + check.type() + "' (http, tcp or command)");
        }
        require(check.rise() >= 1, at + "/rise", "must be 1 or more");
        require(check.fall() >= 1, at + "/fall", "must be 1 or more");
        positive(check.interval(), at + "/interval");
        positive(check.timeout(), at + "/timeout");
    }

    /** The registry reference and the keys its type needs: a znode path, or a Consul name. */
    private void source(String at, String registryName, String path, String consulName) {
        if (!present(registryName, at + "/registry")) {
            return;
        }
        RegistrySettings registry = config.registries().get(registryName);
        if (registry == null) {
            fail(at + "/registry", "no registry named '" + registryName + "' (defined: " + config.registries().keySet() + ")");
        } else if (registry instanceof ZooKeeperRegistry) {
            if (present(path, at + "/path")) {
                require(path.startsWith("/") && !path.endsWith("/") && !path.contains("//"), at + "/path",
                        "must be an absolute znode path, got '" + path + "'");
            }
        } else {
            require(path == null, at + "/path", "is for ZooKeeper registries; registry '" + registryName + "' is Consul (use 'name')");
            present(consulName, at + "/name");
        }
    }

    private static boolean isHttpUri(String text) {
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean present(String value, String pointer) {
        return require(value != null && !value.isBlank(), pointer, "is required");
    }

    private void positive(Duration duration, String pointer) {
        require(duration == null || (!duration.isNegative() && !duration.isZero()), pointer, "must be more than 0");
    }

    private boolean require(boolean ok, String pointer, String reason) {
        if (!ok) {
            fail(pointer, reason);
        }
        return ok;
    }

    private void fail(String pointer, String reason) {
        violations.add(new Violation(pointer, reason));
    }

}
