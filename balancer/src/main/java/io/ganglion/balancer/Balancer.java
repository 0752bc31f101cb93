package io.ganglion.balancer;

import io.ganglion.balancer.check.HealthChecks;
import io.ganglion.balancer.check.Tracking;
import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.GlobalSection;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.ServerOptionTable;
import io.ganglion.balancer.log.LogLine;
import io.ganglion.balancer.module.BalancerModules;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.proxy.AcceptRateLimits;
import io.ganglion.balancer.proxy.AccessLog;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.FrontendCommands;
import io.ganglion.balancer.proxy.FrontendListener;
import io.ganglion.balancer.proxy.GracefulStop;
import io.ganglion.balancer.proxy.ListenerKeywords;
import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.runtime.CommandRegistry;
import io.ganglion.balancer.runtime.ControlLoop;
import io.ganglion.balancer.runtime.StatsSocketException;
import io.ganglion.balancer.runtime.StatsSocketServer;
import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.StreamNumbers;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running balancer: the event loops, the frontends listening, the backends with their servers
 * and health checks. {@link #start} either returns a balancer that carries traffic or throws with
 * one clear reason; {@link #stop} drains it.
 */
public final class Balancer implements BalancerView, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Balancer.class);

    private final BalancerConfig config;
    private final Transport transport;
    private final EventLoopGroup loops;
    /** Accepts connections for every frontend: a turn of it does nothing else (see ListenerDrain). */
    private final EventLoopGroup acceptLoop;
    /** The control side: the stats sockets and the changes they make, slowstart ramps. */
    private final ControlLoop control;
    private final ProxyContext context;
    private final AccessLog accessLog;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Map<String, Frontend> frontends = new LinkedHashMap<>();
    private final HealthChecks healthChecks;
    private final FrontendListener listener;
    private final long startMillis = System.currentTimeMillis();
    private volatile StatsSocketServer statsSockets;
    private volatile boolean stopped;
    /** The packages' descriptors, told of start and stop. */
    private final BalancerModules modules;
    /** What the packages' commands and hooks may use of this balancer. */
    private final Context moduleContext;

    private Balancer(BalancerConfig config, BalancerModules modules) {
        this.config = config;
        this.modules = modules;
        this.moduleContext = new Context(modules.serverOptions(), modules);
        GlobalSection global = config.global();
        this.transport = Transport.best();
        int threads = global.nbthread() > 0 ? global.nbthread() : Runtime.getRuntime().availableProcessors();
        this.loops = transport.newEventLoopGroup(threads, "ganglion-loop");
        this.acceptLoop = transport.newEventLoopGroup(1, "ganglion-accept");
        this.control = ControlLoop.start();
        this.accessLog = global.logs().isEmpty() ? null : new AccessLog(global.logs());
        this.context = new ProxyContext(transport, global.maxconn(),
                new AcceptRateLimits(global.maxconnrate(), global.maxsessrate()), accessLog);
        this.healthChecks = new HealthChecks(loops, transport, context.ssl());
        this.listener = new FrontendListener(acceptLoop, loops, context, !global.get(ListenerKeywords.NO_REUSE_PORT));
        for (ProxySection p : config.proxies()) {
            if (p.isBackend()) {
                backends.put(p.name(), new Backend(p, control, p.logGlobal() ? accessLog : null));
            }
        }
        for (ProxySection p : config.proxies()) {
            if (p.isFrontend()) {
                Backend target = p.defaultBackend() == null ? null : backends.get(p.defaultBackend());
                frontends.put(p.name(), new Frontend(p, target, backends::get, LogLine.forFrontend(p, accessLog)));
            }
        }
    }

    /** Binds every frontend and starts the health checks; on failure releases everything it took. */
    public static Balancer start(BalancerConfig config) throws StartupException {
        return start(config, BalancerModules.installed());
    }

    /** Like {@link #start(BalancerConfig)}, serving the socket commands of {@code modules}. */
    public static Balancer start(BalancerConfig config, BalancerModules modules) throws StartupException {
        Balancer b = new Balancer(config, modules);
        modules.modules().forEach(m -> m.beforeStart(b.moduleContext));
        try {
            for (Frontend f : b.frontends.values()) {
                b.listener.bind(f);
            }
        } catch (FrontendListener.BindFailure e) {
            b.close();
            throw new StartupException(e.getMessage(), e);
        }
        try {
            b.statsSockets = StatsSocketServer.start(config.global().statsSockets(),
                    b.moduleContext.commandRegistry(),
                    config.global().statsTimeout(), b.control, modules.statsSocketConnections(b.moduleContext));
        } catch (StatsSocketException e) {
            b.close();
            throw new StartupException(e.getMessage(), e);
        }
        Tracking.link(b.backends);
        b.backends.values().forEach(b.healthChecks::watch);
        log.info("Ganglion balancer started: {} frontends, {} backends, {} event loops ({})", b.frontends.size(),
                b.backends.size(), b.threads(), b.transport.name());
        return b;
    }

    /** What the packages' socket commands may use of this balancer. */
    private final class Context implements ModuleContext {
        private final FrontendControl frontendControl = new FrontendControl();
        private final ServerOptionTable serverOptions;
        private final Map<Class<?>, Object> packageStates = new ConcurrentHashMap<>();
        private final BalancerModules modules;
        /** Made on first use: the packages' hooks may ask for it before the stats sockets start. */
        private volatile CommandRegistry registry;

        Context(ServerOptionTable serverOptions, BalancerModules modules) {
            this.serverOptions = serverOptions;
            this.modules = modules;
        }

        @Override
        public synchronized CommandRegistry commandRegistry() {
            if (registry == null) {
                registry = modules.commandRegistry(this);
            }
            return registry;
        }

        @Override
        public ServerOptionTable serverOptions() {
            return serverOptions;
        }

        @Override
        public BalancerView balancer() {
            return Balancer.this;
        }

        @Override
        public FrontendCommands.Frontends frontendControl() {
            return frontendControl;
        }

        @Override
        public EventExecutor control() {
            return control.eventLoop();
        }

        @Override
        public void publishBeforeAnswers(Runnable publication) {
            control.publishBeforeAnswers(publication);
        }

        @Override
        public StreamNumbers streamNumbers() {
            return context.streamNumbers();
        }

        @Override
        public EventLoopGroup eventLoops() {
            return loops;
        }

        @Override
        public <T> T packageState(Class<T> type, Supplier<T> factory) {
            return type.cast(packageStates.computeIfAbsent(type, k -> factory.get()));
        }
    }

    /** The frontend operations the socket commands may perform. */
    private final class FrontendControl implements FrontendCommands.Frontends {
        @Override
        public Optional<Frontend> frontend(String name) {
            return Balancer.this.frontend(name);
        }

        @Override
        public void disable(Frontend f) {
            disableFrontend(f);
        }

        @Override
        public void enable(Frontend f) throws StartupException {
            enableFrontend(f);
        }

        @Override
        public void setFrontendMaxconn(Frontend f, int maxconn) {
            Balancer.this.setFrontendMaxconn(f, maxconn);
        }

        @Override
        public int initialGlobalMaxconn() {
            return config.global().maxconn();
        }

        @Override
        public void setGlobalMaxconn(int maxconn) {
            Balancer.this.setGlobalMaxconn(maxconn);
        }

        @Override
        public void setConnectionRateLimit(int perSecond) {
            listener.setConnectionRateLimit(perSecond);
        }

        @Override
        public void setSessionRateLimit(int perSecond) {
            listener.setSessionRateLimit(perSecond);
        }

        @Override
        public void setConnectionLayer(io.ganglion.balancer.proxy.ConnectionLayer layer) {
            listener.setConnectionLayer(layer);
        }
    }

    @Override
    public BalancerConfig config() {
        return config;
    }

    public ProxyContext context() {
        return context;
    }

    /** What the packages see of this balancer: the rule compiler finds their state here (stick tables), and so do tests. */
    public ModuleContext moduleContext() {
        return moduleContext;
    }

    public EventLoopGroup eventLoops() {
        return loops;
    }

    public ScheduledExecutorService control() {
        return control.executor();
    }

    @Override
    public int activeConnections() {
        return context.activeConnections().get();
    }

    @Override
    public int globalMaxconn() {
        return context.globalMaxconn();
    }

    @Override
    public boolean stopping() {
        return context.stopping();
    }

    @Override
    public ErrorCaptures errorCaptures() {
        return context.errors();
    }

    @Override
    public AcceptRateLimits acceptRateLimits() {
        return context.acceptRateLimits();
    }

    @Override
    public io.ganglion.balancer.stats.SslProcessFigures sslFigures() {
        return context.ssl();
    }

    @Override
    public int statsSocketSessions() {
        StatsSocketServer s = statsSockets;
        return s == null ? 0 : s.openSessions();
    }

    @Override
    public long statsSocketSessionsTotal() {
        StatsSocketServer s = statsSockets;
        return s == null ? 0 : s.sessionsTotal();
    }

    @Override
    public long startMillis() {
        return startMillis;
    }

    @Override
    public int threads() {
        return config.global().nbthread() > 0 ? config.global().nbthread() : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public Collection<Backend> backends() {
        return backends.values();
    }

    @Override
    public Optional<Backend> backend(String name) {
        return Optional.ofNullable(backends.get(name));
    }

    @Override
    public Collection<Frontend> frontends() {
        return frontends.values();
    }

    @Override
    public Optional<Frontend> frontend(String name) {
        return Optional.ofNullable(frontends.get(name));
    }

    /** {@code disable frontend}: the listening sockets are closed, so the ports are free again. */
    public void disableFrontend(Frontend f) {
        listener.unbind(f);
        log.warn("Paused frontend {}.", f.name());
    }

    /** {@code enable frontend}: binds the frontend's addresses again. */
    public void enableFrontend(Frontend f) throws StartupException {
        try {
            listener.bind(f);
        } catch (FrontendListener.BindFailure e) {
            throw new StartupException(e.getMessage(), e);
        }
        log.warn("Resumed frontend {}.", f.name());
    }

    /** {@code set maxconn frontend}: takes effect on the next accept. */
    public void setFrontendMaxconn(Frontend f, int maxconn) {
        f.setMaxconn(maxconn);
        listener.updateAccepting();
    }

    /** {@code set maxconn global}. */
    public void setGlobalMaxconn(int maxconn) {
        context.setGlobalMaxconn(maxconn);
        listener.updateAccepting();
    }

    /**
     * Graceful stop: listeners close at once (new connections are refused; those the kernel had
     * already completed are accepted and served), every request of which a byte arrived is
     * answered, the last one of each connection with {@code Connection: close}, and connections
     * close between requests; whatever is still open after {@code grace} is closed.
     */
    public void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        closeStatsSockets();
        listener.stopAccepting(frontends.values());
        // Only now: the answers that say Connection: close send their clients to a listener that
        // is already closed (refused at once) rather than into one still closing (reset).
        context.markStopping();
        healthChecks.close();
        modules.modules().forEach(m -> m.afterStop(moduleContext));
        for (Channel ch : context.clientChannels()) {
            ch.pipeline().fireUserEventTriggered(GracefulStop.INSTANCE);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!context.clientChannels().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // a shutdown path polling a count, not a test synchronising
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = context.clientChannels().size();
        if (left > 0) {
            log.warn("Grace period over: closing {} connections still open.", left);
        }
        context.clientChannels().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        shutdownThreads();
    }

    private void closeStatsSockets() {
        StatsSocketServer s = statsSockets;
        if (s != null) {
            s.close();
        }
    }

    private void shutdownThreads() {
        acceptLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        acceptLoop.terminationFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
        control.close();
        if (accessLog != null) {
            accessLog.close();
        }
    }

    /** Immediate stop, no grace. */
    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            context.markStopping();
            closeStatsSockets();
            frontends.values().forEach(f -> listener.unbind(f));
            healthChecks.close();
            context.clientChannels().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            shutdownThreads();
        }
    }
}
