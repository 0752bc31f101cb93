package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleLanguage;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.RulesLoad;
import io.ganglion.balancer.rules.SampleExpression;
import io.ganglion.balancer.rules.SampleExpressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code server} / {@code default-server} / {@code add server} options of TLS to servers, with
 * HAProxy 2.6's messages (seen with {@code haproxy -c}). They set the server's
 * {@link ServerConnectionLayer} to a {@link ServerTls}.
 */
final class ServerTlsOptions {
    private ServerTlsOptions() {
    }

    static List<ServerOption> table() {
        return List.of(
                new ServerOption("ssl", false, flag(t -> with(t, true, t.checkSsl()))),
                new ServerOption("no-ssl", false, flag(t -> with(t, false, t.checkSsl()))),
                new ServerOption("check-ssl", false, flag(t -> with(t, t.ssl(), true))),
                new ServerOption("no-check-ssl", false, flag(t -> with(t, t.ssl(), false))),
                new ServerOption("no-ssl-reuse", false, flag(t -> new ServerTls(t.ssl(), t.verify(), t.caFile(), t.sniText(),
                        t.sni(), t.alpn(), t.crt(), true, t.checkSsl()))),
                new ServerOption("ssl-reuse", false, flag(t -> new ServerTls(t.ssl(), t.verify(), t.caFile(), t.sniText(),
                        t.sni(), t.alpn(), t.crt(), false, t.checkSsl()))),
                ServerOption.valued("verify", ServerTlsOptions::verify),
                ServerOption.valued("ca-file", ServerTlsOptions::caFile),
                ServerOption.valued("sni", ServerTlsOptions::sni),
                ServerOption.valued("alpn", ServerTlsOptions::alpn),
                ServerOption.valued("crt", ServerTlsOptions::crt));
    }

    /** The server's TLS settings so far. */
    static ServerTls of(ServerSpec spec) {
        return spec.get(ServerConnectionLayer.SETTING) instanceof ServerTls t ? t : ServerTls.OFF;
    }

    private static ServerOption.Apply flag(UnaryOperator<ServerTls> change) {
        return (spec, ignored) -> spec.with(ServerConnectionLayer.SETTING, change.apply(of(spec)));
    }

    private static ServerTls with(ServerTls t, boolean ssl, boolean checkSsl) {
        return new ServerTls(ssl, t.verify(), t.caFile(), t.sniText(), t.sni(), t.alpn(), t.crt(), t.noSslReuse(), checkSsl);
    }

    private static ServerSpec verify(ServerSpec spec, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'verify' : missing verify method.");
        }
        if (!value.equals("none") && !value.equals("required")) {
            throw new KeywordException("'verify' : unknown verify method '" + value
                    + "', only 'none' and 'required' are supported.");
        }
        ServerTls t = of(spec);
        return spec.with(ServerConnectionLayer.SETTING, new ServerTls(t.ssl(), value, t.caFile(), t.sniText(), t.sni(),
                t.alpn(), t.crt(), t.noSslReuse(), t.checkSsl()));
    }

    private static ServerSpec caFile(ServerSpec spec, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'ca-file' : missing CAfile path.");
        }
        if (!Files.isReadable(Path.of(value))) {
            throw new KeywordException("Couldn't open the ca-file '" + value + "' (No such file or directory).");
        }
        CaFile.load(value);
        ServerTls t = of(spec);
        return spec.with(ServerConnectionLayer.SETTING, new ServerTls(t.ssl(), t.verify(), value, t.sniText(), t.sni(),
                t.alpn(), t.crt(), t.noSslReuse(), t.checkSsl()));
    }

    private static ServerSpec sni(ServerSpec spec, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'sni' : missing sni expression.");
        }
        SampleExpression expression;
        try {
            // compiled once with every package's fetches; the SNI is evaluated per connection
            RuleScope scope = new RuleScope(new RulesLoad(), RuleLanguage.installed(), null, null, spec.source(), false);
            expression = SampleExpressions.compile(value, scope);
        } catch (RuleException e) {
            // the reason alone, as HAProxy words it here: "... : unknown fetch method 'foo'"
            String why = e.getMessage();
            int at = why.indexOf("> : ");
            why = at < 0 ? why : why.substring(at + 4);
            why = why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
            throw new KeywordException("error detected while parsing sni expression : " + why);
        }
        ServerTls t = of(spec);
        return spec.with(ServerConnectionLayer.SETTING, new ServerTls(t.ssl(), t.verify(), t.caFile(), value, expression,
                t.alpn(), t.crt(), t.noSslReuse(), t.checkSsl()));
    }

    private static ServerSpec alpn(ServerSpec spec, String value) throws KeywordException {
        if (value == null || value.isEmpty()) {
            throw new KeywordException("'alpn' : missing the comma-delimited ALPN protocol suite.");
        }
        ServerTls t = of(spec);
        return spec.with(ServerConnectionLayer.SETTING, new ServerTls(t.ssl(), t.verify(), t.caFile(), t.sniText(), t.sni(),
                Arrays.asList(value.split(",")), t.crt(), t.noSslReuse(), t.checkSsl()));
    }

    private static ServerSpec crt(ServerSpec spec, String value) throws KeywordException {
        if (value == null) {
            throw new KeywordException("'crt' : missing certificate file path.");
        }
        CertificateFile.load(value);
        ServerTls t = of(spec);
        return spec.with(ServerConnectionLayer.SETTING, new ServerTls(t.ssl(), t.verify(), t.caFile(), t.sniText(), t.sni(),
                t.alpn(), value, t.noSslReuse(), t.checkSsl()));
    }
}
