package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.stats.SslProcessFigures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tls} package: TLS termination on {@code bind ... ssl crt FILE} lines with BoringSSL
 * (netty-tcnative), the certificate files loaded by path ({@link CertificateStore}), the session
 * ticket keys of {@code tls-ticket-keys} files and their rotation.
 *
 * <p>For what changes certificates at run time: {@link #state} gives the balancer's
 * {@link TlsState}, whose {@link TlsState#certificates()} store replaces a file for the next
 * handshakes of every listener naming it ({@link CertificateStore#replace}); the OCSP staple of a
 * file is its {@link CertificateFile#ocspResponse()}, set with its key on each server context that
 * {@link TlsListener} builds for it ({@link ContextCredential}).
 */
public final class TlsModule implements BalancerModule {
    @Override
    public String name() {
        return "tls";
    }

    @Override
    public List<BindOption> bindOptions() {
        return TlsBindOptions.table();
    }

    @Override
    public List<ServerOption> serverOptions() {
        return ServerTlsOptions.table();
    }

    /**
     * A server's TLS library context made when its line is read, so that a bad file is refused
     * there. {@code add server} refuses a server that would verify without a CA file with the
     * words of the configuration's alert ({@link #serverCaPresent}), as HAProxy 2.6 does.
     */
    @Override
    public List<ServerOption.SpecCheck> serverSpecChecks() {
        return List.of(spec -> {
            ServerTls tls = ServerTlsOptions.of(spec);
            if (!tls.ssl() && !tls.checkSsl()) {
                return;
            }
            if (tls.verifyRequired() && tls.caFile() == null) {
                if (Source.STATS_SOCKET.equals(spec.source())) {
                    throw new KeywordException(VERIFY_WITHOUT_CA);
                }
                return; // the configuration reports every such server after the load
            }
            ServerTlsContexts.prepare(tls.contextKey());
        });
    }

    private static final String VERIFY_WITHOUT_CA = "verify is enabled by default but no CA file specified. If you're"
            + " running on a LAN where you're certain to trust the server's certificate, please set an explicit"
            + " 'verify none' statement on the 'server' line, or use 'ssl-server-verify none' in the global section"
            + " to disable server-side verifications by default.";

    @Override
    public List<io.ganglion.balancer.config.KeywordRow> configKeywords() {
        return TlsGlobalDefaults.rows();
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of(TlsModule::certificatePresent, OcspStaple::check, TlsModule::serverCaPresent);
    }

    /**
     * HAProxy 2.6's post-parsing alert for an {@code ssl} server that verifies (its default) without
     * a {@code ca-file}, in its words, the explicit {@code verify required} included.
     */
    private static void serverCaPresent(List<io.ganglion.balancer.config.ProxySection> proxies,
            java.util.Map<String, io.ganglion.balancer.config.ProxySection> backends, List<Problem> problems) {
        for (io.ganglion.balancer.config.ProxySection p : proxies) {
            for (ServerSpec s : p.servers()) {
                ServerTls tls = ServerTlsOptions.of(s);
                if ((tls.ssl() || tls.checkSsl()) && tls.verifyRequired() && tls.caFile() == null) {
                    problems.add(Problem.alert(null, "[" + s.source() + "] : 'server " + p.name() + "/" + s.name()
                            + "' : " + VERIFY_WITHOUT_CA));
                }
            }
        }
    }

    /**
     * HAProxy's post-parsing alerts for an {@code ssl} line: no {@code crt}, an empty version range,
     * {@code verify} without {@code ca-file}.
     */
    private static void certificatePresent(List<io.ganglion.balancer.config.ProxySection> proxies,
            java.util.Map<String, io.ganglion.balancer.config.ProxySection> backends, List<Problem> problems) {
        for (io.ganglion.balancer.config.ProxySection p : proxies) {
            for (BindSpec b : p.binds()) {
                TlsBindSpec tls = b.get(TlsBindOptions.TLS);
                if (!tls.ssl()) {
                    continue;
                }
                String where = "bind '" + b.text() + "' at [" + b.source() + "]";
                if (tls.certificates().isEmpty()) {
                    problems.add(Problem.alert(null, "Proxy '" + p.name() + "': no SSL certificate specified for "
                            + where + " (use 'crt')."));
                } else if (tls.versions().protocols().length == 0) {
                    problems.add(Problem.alert(null, "Proxy '" + p.name() + "': all SSL/TLS versions are disabled for "
                            + where + "."));
                } else if (!tls.verifyMode().equals("none") && tls.caFile() == null) {
                    problems.add(Problem.alert(null, "Proxy '" + p.name() + "': verify is enabled but no CA file specified for "
                            + where + "."));
                } else {
                    libraryOptionsAccepted(p.name(), where, tls, problems);
                    crtListLinesAccepted(p.name(), where, tls, problems);
                }
            }
        }
    }

    /** HAProxy's alerts for what the library refuses, and its warning for version flags it ignores. */
    private static void libraryOptionsAccepted(String proxy, String where, TlsBindSpec tls, List<Problem> problems) {
        TlsLibraryOptions o = tls.library();
        if (tls.versions().flagsIgnored()) {
            problems.add(Problem.warning(null, "Proxy '" + proxy + "': no-sslv3/no-tlsv1x are ignored for " + where
                    + ". Use only 'ssl-min-ver' and 'ssl-max-ver' to fix."));
        }
        String suites = o.ciphersuites() == null ? null
                : BoringSslSettings.ciphersuitesProblem(o.ciphersuites(), tls.versions().tls13());
        if (o.ciphers() != null && !BoringSslSettings.ciphersAccepted(o.ciphers())) {
            problems.add(Problem.alert(null, "Proxy '" + proxy + "': unable to set SSL cipher list to '" + o.ciphers()
                    + "' for " + where + "."));
        } else if (suites != null) {
            problems.add(Problem.alert(null, "Proxy '" + proxy + "': " + suites + " for " + where + "."));
        } else if (o.curves() != null && !BoringSslSettings.curvesAccepted(o.curveNames())) {
            problems.add(Problem.alert(null, "Proxy '" + proxy + "': unable to set SSL curves list to '" + o.curves()
                    + "' for " + where + "."));
        }
    }

    /** The same alerts for what crt-list lines write over the bind line's options. */
    private static void crtListLinesAccepted(String proxy, String where, TlsBindSpec tls, List<Problem> problems) {
        for (CrtList list : tls.crtLists()) {
            for (CrtListLine line : list.lines()) {
                if (line.options().isEmpty()) {
                    continue;
                }
                try {
                    libraryOptionsAccepted(proxy, where, line.applyTo(tls), problems);
                } catch (io.ganglion.balancer.config.KeywordException e) {
                    problems.add(Problem.alert(null, "Proxy '" + proxy + "': " + e.getMessage() + " for " + where + "."));
                }
            }
        }
    }

    /** The balancer's TLS state, made on first use. */
    public static TlsState state(ModuleContext context) {
        return context.packageState(TlsState.class, TlsState::new);
    }

    @Override
    public List<FetchKeyword> sampleFetches() {
        return TlsFetches.table();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        List<CliCommand> rows = new ArrayList<>(TicketKeyCommands.table(state(context).ticketKeys(), context.control()).rows());
        rows.addAll(OcspCommands.table(state(context).certificates(), context.control(), Clock.systemUTC()).rows());
        CertificateTransactions transactions = context.packageState(CertificateTransactions.class, CertificateTransactions::new);
        rows.addAll(CertificateCommands.table(state(context).certificates(), transactions,
                path -> state(context).instancesServing(path), context.control(), Clock.systemUTC()).rows());
        rows.addAll(CrtListCommands.table(state(context), context.control()).rows());
        return new CommandTable(name(), rows);
    }

    @Override
    public void beforeStart(ModuleContext context) {
        TlsState state = state(context);
        for (Frontend f : context.balancer().frontends()) {
            for (BoundListener l : f.boundListeners()) {
                TlsBindSpec spec = l.bind().get(TlsBindOptions.TLS);
                if (spec.ssl()) {
                    state.addListener(l, spec);
                }
            }
        }
        SslProcessFigures process = context.balancer().sslFigures();
        context.frontendControl().setConnectionLayer((frontend, listener, client, startSession) ->
                state.install(frontend, listener, client, process, startSession));
    }
}
