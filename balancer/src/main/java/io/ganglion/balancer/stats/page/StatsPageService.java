package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.stream.DeferredAnswer;
import io.ganglion.balancer.proxy.stream.Interceptions;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.StreamAction;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.runtime.LineDump;
import io.ganglion.balancer.stats.ShowStat;
import io.ganglion.balancer.stats.StatFormat;
import io.ganglion.balancer.stats.StatRequest;
import io.ganglion.balancer.stats.StatRow;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The statistics page as a proxy's service, checked after its {@code http-request} rules (in the
 * frontend's request phase, and in a backend's once the stream has chosen it), as HAProxy 2.6 does:
 * a GET, HEAD or POST whose path begins with the page's URI is answered by the page, logged with
 * {@code <STATS>} as its server. In order: the {@code stats http-request} rules (a deny is the 403
 * page, an auth the 401), the {@code stats auth} accounts (401 with the realm), the {@code stats
 * admin} condition (whether the form is shown and a POST applied), then the page in the format the
 * URI asks for.
 *
 * <p>The page is made on the page thread ({@link StatsPageLink}), not on the event loop: the
 * stream is answered once it is ready, and the loop carries its other streams meanwhile.
 */
final class StatsPageService implements StreamAction<HttpRequest> {
    /** What HAProxy logs as the server of a stream its stats applet answered. */
    static final String LOGGED_AS = "<STATS>";
    /** HAProxy reads the form from one buffer ({@code tune.bufsize}): a longer body is refused ({@code EXCD}). */
    static final int MAX_FORM_BYTES = 16 * 1024;

    private final StatsPageLink link;

    private StatsPageService(StatsPageLink link) {
        this.link = link;
    }

    static StatsPageService of(StatsPageLink link) {
        return new StatsPageService(link);
    }

    @Override
    public Verdict apply(Stream stream, HttpRequest request) {
        // in the frontend's phase no backend is chosen yet; in a backend's, the backend is the page's proxy
        ProxySection proxy = stream.backend() == null ? stream.frontend().config() : stream.backend().config();
        StatsPageSettings page = proxy.get(StatsPageSettings.SETTING);
        HttpMethod method = request.method();
        if (page == null || !(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
                || method.equals(HttpMethod.POST))) {
            return Verdict.CONTINUE;
        }
        String path = originForm(request.uri());
        if (!path.startsWith(page.uri())) {
            return Verdict.CONTINUE;
        }
        for (PageRule rule : page.rules()) {
            if (!rule.condition().test(stream, request)) {
                continue;
            }
            switch (rule.kind()) {
                case ALLOW -> {
                    return serve(stream, request, page, proxy, path);
                }
                case DENY -> {
                    stream.terminate("PR");
                    stream.answer(ErrorPages.ruleAnswer(403));
                    return Verdict.ANSWERED;
                }
                case AUTH -> {
                    stream.terminate("PR");
                    stream.answer(new PageAnswers.Unauthorized(rule.realm() != null ? rule.realm() : page.realm()));
                    return Verdict.ANSWERED;
                }
            }
        }
        if (!page.users().isEmpty() && !authorized(request, page.users())) {
            stream.terminate("PR");
            stream.answer(new PageAnswers.Unauthorized(page.realm()));
            return Verdict.ANSWERED;
        }
        return serve(stream, request, page, proxy, path);
    }

    private Verdict serve(Stream stream, HttpRequest request, StatsPageSettings page, ProxySection proxy, String path) {
        boolean admin = page.admin() != null && page.admin().test(stream, request);
        PageRequest asked = PageRequest.parse(path.substring(page.uri().length()));
        boolean post = request.method().equals(HttpMethod.POST);
        stream.terminate("LR");
        Interceptions.answered(stream);
        stream.answerLater(LOGGED_AS, new PageMaker(link, page, proxy.name(), asked, admin, post));
        return Verdict.ANSWERED;
    }

    /** The request target without a scheme and authority ({@code http://h/p} is {@code /p}), as HAProxy matches it. */
    static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (uri.startsWith("/") || scheme < 0) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    /** Whether the request's Basic credentials are one of the {@code stats auth} accounts. */
    private static boolean authorized(HttpRequest request, List<String> users) {
        String header = request.headers().get("Authorization");
        if (header == null || header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        try {
            String account = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.ISO_8859_1);
            return users.contains(account);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Makes the answer on the page thread once the body is read. */
    private record PageMaker(StatsPageLink link, StatsPageSettings page, String proxyName, PageRequest asked,
            boolean admin, boolean post) implements DeferredAnswer {

        @Override
        public int maxBody() {
            return post ? MAX_FORM_BYTES : 0;
        }

        @Override
        public CompletionStage<LocalAnswer> answer(byte[] body, boolean truncated) {
            return CompletableFuture.supplyAsync(() -> post ? form(body, truncated) : report(), link.pages());
        }

        private LocalAnswer form(byte[] body, boolean truncated) {
            AdminStatus status = !admin ? AdminStatus.DENY
                    : truncated ? AdminStatus.EXCD
                    : AdminForm.apply(body, link.balancer(), link.commands());
            return new PageAnswers.SeeOther(page.uri() + ";st=" + status.name());
        }

        private LocalAnswer report() {
            BalancerView balancer = link.balancer();
            StatRequest request = new StatRequest(null, -1, -1, StatFormat.CSV, asked.upOnly(), false);
            List<StatRow> rows = ShowStat.rows(balancer, request, AccessLevel.ADMIN).orElse(List.of()).stream()
                    .filter(r -> shown(r.proxyName())).toList();
            int refresh = asked.noRefresh() ? 0 : page.refreshSeconds();
            return switch (asked.format()) {
                case CSV -> PageAnswers.page("text/plain", refresh,
                        LineDump.whole(StatFormat.CSV.dump(rows.iterator())).getBytes(StandardCharsets.ISO_8859_1));
                case JSON -> PageAnswers.page("application/json", refresh,
                        LineDump.whole(StatFormat.JSON.dump(rows.iterator())).getBytes(StandardCharsets.UTF_8));
                case HTML -> PageAnswers.page("text/html", refresh,
                        new StatsPageHtml(page, asked, admin, page.uri()).render(balancer, rows)
                                .getBytes(StandardCharsets.ISO_8859_1));
            };
        }

        /** {@code stats scope} (the page's own proxy for {@code .}), then the scope box's text in the name. */
        private boolean shown(String proxy) {
            if (!page.scopes().isEmpty() && page.scopes().stream()
                    .noneMatch(s -> s.equals(proxy) || s.equals(".") && proxy.equals(proxyName))) {
                return false;
            }
            return asked.scope().isEmpty()
                    || proxy.toLowerCase(Locale.ROOT).contains(asked.scope().toLowerCase(Locale.ROOT));
        }
    }
}
