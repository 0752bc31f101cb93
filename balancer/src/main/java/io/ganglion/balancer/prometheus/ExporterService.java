package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.stream.DeferredAnswer;
import io.ganglion.balancer.proxy.stream.Interceptions;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.UncachedOk;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.rules.ActionWords;
import io.ganglion.balancer.rules.RuleAction;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.stats.ShowInfo;
import io.ganglion.balancer.stats.ShowStat;
import io.ganglion.balancer.stats.StatFormat;
import io.ganglion.balancer.stats.StatRequest;
import io.ganglion.balancer.stats.StatRow;
import io.ganglion.balancer.stick.StickTable;
import io.ganglion.balancer.stick.StickTables;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code http-request use-service prometheus-exporter}: answers the request inside the stream with
 * HAProxy 2.6's metrics, read from the same counters as {@code show info} and {@code show stat}, made
 * on the exporter's own thread (see {@link ExporterTarget}); a {@code scope} it does not know is
 * answered with HAProxy's 400.
 */
final class ExporterService {
    static final String NAME = "prometheus-exporter";
    /** How HAProxy 2.6 logs its exporter in the server field of an access-log line. */
    static final String LOGGED_AS = "<PROMEX>";

    private ExporterService() {
    }

    static RuleAction compile(List<String> words, RuleScope scope) throws RuleException {
        ActionWords w = new ActionWords("http-request use-service", words);
        // HAProxy 2.6 ends these two with two dots (its message's and the rule parser's)
        if (!w.hasNext()) {
            throw new RuleException("'use-service' expects a service name..");
        }
        String service = w.next();
        if (!service.equals(NAME)) {
            throw new RuleException("'" + service + "' unknown service name..");
        }
        w.expectEnd();
        ExporterTarget target = ExporterLinks.of(scope.load());
        return (s, m) -> {
            // an applet answering, counted whatever it answers, as HAProxy counts its applets
            Interceptions.answered(s);
            HttpRequest request = s.request();
            Optional<ExporterQuery> query = ExporterQuery.parse(request == null ? "/" : request.uri());
            if (query.isEmpty()) {
                s.answer(ErrorPages.ruleAnswer(400));
            } else {
                ExporterQuery q = query.get();
                // HAProxy's exporter is an applet logged as the stream's server <PROMEX>; a scrape has no body to wait for
                s.answerLater(LOGGED_AS, new DeferredAnswer() {
                    @Override
                    public int maxBody() {
                        return 0;
                    }

                    @Override
                    public CompletionStage<LocalAnswer> answer(byte[] body, boolean truncated) {
                        return CompletableFuture.supplyAsync(() -> ExporterService.answer(target, q), target.maker());
                    }
                });
            }
            return Verdict.ANSWERED;
        };
    }

    /** The metrics {@code query} asks for, as the response body. */
    static LocalAnswer answer(ExporterTarget target, ExporterQuery query) {
        BalancerView balancer = target.balancer();
        StatRequest all = new StatRequest(null, -1, -1, StatFormat.CSV, false, query.noMaint());
        List<StatRow> rows = ShowStat.rows(balancer, all, AccessLevel.ADMIN).orElse(List.of());
        StickTables tables = target.tables();
        List<StickTable> sticktables = tables == null ? List.of() : tables.all();
        MetricFamilies families = new MetricFamilies(ShowInfo.values(balancer), rows, sticktables);
        PiecewiseBody body = new PiecewiseBody();
        try {
            SeriesText.write(families.families(query.scopes()), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Framed as HAProxy 2.6 frames it: chunked (HAProxy streams it; Netty's encoder writes this
        // body as one chunk and the last one).
        return new UncachedOk(MetricsText.CONTENT_TYPE, List.of(Map.entry("transfer-encoding", "chunked")), body::wrapped);
    }
}
