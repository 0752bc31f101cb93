package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.GlobalBuilder;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.runtime.CommandRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the statistics pages of one loaded configuration need of the running balancer, which does
 * not exist yet when their keywords are read: the balancer to show, its socket commands (the admin
 * form applies its actions through them), and the thread that makes the pages. Made with the first
 * {@code stats} line, kept in the global settings, linked by {@code StatsModule} before the balancer
 * starts. The page thread ends when idle for a few seconds, so a stopped balancer leaves none.
 *
 * <p>The page is made on its own thread, not on the event loop that received the request: a page of
 * 10,000 servers takes tens of milliseconds to make, which the loop's other streams would wait.
 */
public final class StatsPageLink {
    static final Setting<StatsPageLink> SETTING = Setting.of("stats page link", null);

    /** Written once before the listeners bind, read by the loops after: volatile for that hand-over. */
    private volatile BalancerView balancer;
    private volatile CommandRegistry commands;
    private volatile ExecutorService pages;

    private StatsPageLink() {
    }

    /** The configuration's link, made on first use. */
    static StatsPageLink of(GlobalBuilder global) {
        StatsPageLink link = global.get(SETTING);
        if (link == null) {
            link = new StatsPageLink();
            global.set(SETTING, link);
        }
        return link;
    }

    /** The link of a loaded configuration, or null when no proxy has a page. */
    public static StatsPageLink of(io.ganglion.balancer.config.GlobalSection global) {
        return global.get(SETTING);
    }

    /** Connects the pages to the running balancer. */
    public void link(BalancerView view, CommandRegistry registry) {
        this.commands = registry;
        this.pages = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ganglion-stats-page");
            t.setDaemon(true);
            return t;
        });
        this.balancer = view;
    }

    BalancerView balancer() {
        return balancer;
    }

    CommandRegistry commands() {
        return commands;
    }

    ExecutorService pages() {
        return pages;
    }
}
