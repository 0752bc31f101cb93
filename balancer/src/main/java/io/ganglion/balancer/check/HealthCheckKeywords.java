package io.ganglion.balancer.check;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;

import java.util.List;

/** The config keywords of the {@code check} package: {@code option httpchk} and {@code http-check expect}. */
public final class HealthCheckKeywords {
    /** How a backend checks its servers, read with {@code ProxySection.get}; a TCP connect by default. */
    public static final Setting<HealthCheckSpec> HEALTH_CHECK = Setting.of("option httpchk", HealthCheckSpec.tcp());

    private HealthCheckKeywords() {
    }

    public static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.negatable("option httpchk", SectionKind.BACKEND_SIDE, HealthCheckKeywords::httpchk),
                KeywordRow.of("http-check expect", SectionKind.BACKEND_SIDE, HealthCheckKeywords::expect));
    }

    /** {@code option httpchk}, {@code option httpchk URI} or {@code option httpchk METHOD URI [VERSION]}. */
    private static void httpchk(ParseContext ctx, List<String> args) throws KeywordException {
        HealthCheckSpec now = ctx.proxy().get(HEALTH_CHECK);
        if (ctx.negated()) {
            ctx.proxy().set(HEALTH_CHECK, new HealthCheckSpec(false, now.method(), now.uri(), now.version(),
                    now.expectStatus()));
            return;
        }
        if (args.size() > 3) {
            throw new KeywordException("'option httpchk' cannot handle unexpected argument '" + args.get(3) + "'.");
        }
        HealthCheckSpec base = HealthCheckSpec.tcp();
        String method = args.size() >= 2 ? args.get(0) : base.method();
        String uri = switch (args.size()) {
            case 0 -> base.uri();
            case 1 -> args.get(0);
            default -> args.get(1);
        };
        String version = args.size() == 3 ? args.get(2) : base.version();
        ctx.proxy().set(HEALTH_CHECK, new HealthCheckSpec(true, method, uri, version, now.expectStatus()));
    }

    /** Only {@code http-check expect status N} is supported. */
    private static void expect(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.isEmpty() || !args.get(0).equals("status")) {
            throw new KeywordException("'http-check expect' : only 'status <code>' is supported"
                    + (args.isEmpty() ? "." : " (got '" + args.get(0) + "')."));
        }
        if (args.size() < 2) {
            throw new KeywordException("'http-check expect' : 'status' expects a <pattern> as argument.");
        }
        String code = args.get(1);
        for (char c : code.toCharArray()) {
            if (!Character.isDigit(c)) {
                throw new KeywordException("'http-check expect' : invalid character '" + c + "' in the list of status codes.");
            }
        }
        if (code.length() != 3) {
            throw new KeywordException("'http-check expect' : status code '" + code + "' is not a 3-digit HTTP status.");
        }
        HealthCheckSpec now = ctx.proxy().get(HEALTH_CHECK);
        ctx.proxy().set(HEALTH_CHECK, new HealthCheckSpec(now.http(), now.method(), now.uri(), now.version(),
                Integer.parseInt(code)));
    }
}
