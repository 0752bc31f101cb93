package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.ConfigText.ServerLine;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.load.WrkResult;
import io.ganglion.bench.report.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code metrics}: issue 17's "the page, CSV and metrics of a balancer with 10,000 servers are
 * served in under a second and do not stall traffic". One backend of {@code --metrics-servers}
 * servers sits behind a frontend with the statistics page and the Prometheus exporter; a second
 * frontend carries wrk's load to three servers. Reported for each of the page, {@code ;csv} and
 * {@code /metrics}: the time to the last byte (median and slowest of the measured fetches, after
 * a few untimed ones), its size and the balancer's CPU per answer; then wrk's rate and p99 through
 * the other frontend alone and while {@code /metrics} is fetched back to back.
 */
public final class MetricsPart extends Part {
    static final String SECTION = "metrics";
    private static final String MANY = "be_many";
    private static final int WARM_FETCHES = 3;
    private static final int FETCHES = 10;

    /** One statistics answer the part times. */
    private record Page(String label, String path, Metric time, Metric slowest, Metric size, Metric cpu) {
        static Page of(String label, String path) {
            return new Page(label, path, Metric.of(SECTION, label + ", time to answer", "ms"),
                    Metric.of(SECTION, label + ", slowest", "ms"), Metric.of(SECTION, label + ", size", "MB"),
                    Metric.of(SECTION, label + ", CPU per answer", "ms"));
        }
    }

    private static final List<Page> PAGES = List.of(Page.of("page", "/stats"), Page.of("csv", "/stats;csv"),
            Page.of("/metrics", "/metrics"));
    static final Metric RATE_ALONE = Metric.of(SECTION, "requests/s, no scrape", "req/s");
    static final Metric P99_ALONE = Metric.of(SECTION, "latency p99, no scrape", "ms");
    static final Metric RATE_SCRAPED = Metric.of(SECTION, "requests/s, scraped back to back", "req/s");
    static final Metric P99_SCRAPED = Metric.of(SECTION, "latency p99, scraped back to back", "ms");
    static final Metric SCRAPES = Metric.of(SECTION, "scrapes during a run", "n");

    private final int servers;
    private int statsPort;

    public MetricsPart(int servers) {
        super("metrics", metrics());
        this.servers = servers;
    }

    private static List<Metric> metrics() {
        List<Metric> all = new ArrayList<>();
        for (Page p : PAGES) {
            all.addAll(List.of(p.time(), p.slowest(), p.size(), p.cpu()));
        }
        all.addAll(List.of(RATE_ALONE, P99_ALONE, RATE_SCRAPED, P99_SCRAPED, SCRAPES));
        return all;
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        List<Integer> ports = ctx.backends().httpPorts();
        List<ServerLine> many = new ArrayList<>(servers);
        for (int i = 1; i <= servers; i++) {
            many.add(new ServerLine("m" + i, "127.0.0.1:" + ports.get((i - 1) % ports.size()), 1));
        }
        statsPort = BenchContext.freePort();
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_load", "http", newReadyPort(), "be_load")
                .frontend("fe_stats", "http", statsPort, MANY, List.of("stats enable", "stats uri /stats",
                        "http-request use-service prometheus-exporter if { path /metrics }"))
                .backend("be_load", "http", "s", Backends.HTTP_SERVERS, ports)
                .backend(MANY, "http", many);
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        ProcessTree tree = balancer.orElseThrow().tree();
        balancer.orElseThrow().awaitListening(statsPort);
        SampleSet samples = new SampleSet();
        StatsFetcher fetcher = new StatsFetcher(statsPort);
        for (Page page : PAGES) {
            for (int i = 0; i < WARM_FETCHES; i++) {
                fetcher.fetch(page.path());
            }
            List<Double> millis = new ArrayList<>();
            long bytes = 0;
            long cpuBefore = tree.cpuNanos();
            for (int i = 0; i < FETCHES; i++) {
                StatsFetcher.Fetched f = fetcher.fetch(page.path());
                millis.add(f.nanos() / 1e6);
                bytes = f.bytes();
            }
            double cpuMillis = (tree.cpuNanos() - cpuBefore) / 1e6 / FETCHES;
            millis.forEach(ms -> samples.add(page.time(), ms));
            samples.add(page.slowest(), millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            samples.add(page.size(), bytes / 1e6);
            samples.add(page.cpu(), cpuMillis);
            ctx.say("   %s: %s %d bytes, median %.0f ms", kind.label(), page.label(), bytes,
                    millis.stream().sorted().toList().get(FETCHES / 2));
        }
        loadWithScrapes(ctx, fetcher, samples);
        samples.addTo(ctx.results(), kind);
    }

    /** wrk through the load frontend, alone then with {@code /metrics} fetched back to back, run after run. */
    private void loadWithScrapes(BenchContext ctx, StatsFetcher fetcher, SampleSet samples) {
        BenchOptions o = ctx.options();
        Wrk wrk = ctx.wrk().orElseThrow();
        if (!o.warmup().isZero()) {
            wrk.run(readyPort(), o.threads(), o.connections(), o.warmup(), false);
        }
        for (int run = 0; run < o.runs(); run++) {
            WrkResult alone = wrk.run(readyPort(), o.threads(), o.connections(), o.duration(), false);
            samples.add(RATE_ALONE, alone.requestsPerSecond());
            samples.add(P99_ALONE, alone.p99Micros() / 1e3);
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong scrapes = new AtomicLong();
            Thread scraper = new Thread(() -> {
                while (loading.get()) {
                    fetcher.fetch("/metrics");
                    scrapes.incrementAndGet();
                }
            }, "bench-scraper");
            scraper.start();
            WrkResult scraped;
            try {
                scraped = wrk.run(readyPort(), o.threads(), o.connections(), o.duration(), false);
            } finally {
                loading.set(false);
                join(scraper);
            }
            samples.add(RATE_SCRAPED, scraped.requestsPerSecond());
            samples.add(P99_SCRAPED, scraped.p99Micros() / 1e3);
            samples.add(SCRAPES, scrapes.get());
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the scraper", e);
        }
    }
}
