package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.stream.Denials;
import io.ganglion.balancer.proxy.stream.Interceptions;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The actions that answer in place of a server ({@code deny}, {@code return}, {@code redirect}),
 * each answer compiled at load as far as its format allows.
 */
final class AnswerActions {
    private AnswerActions() {
    }

    /**
     * {@code deny [deny_status N]}: HAProxy's page for N, by default its 403 for a request and its
     * 502 for a response (the server's answer is refused).
     */
    static RuleAction deny(RuleSet set, List<String> words) throws RuleException {
        ActionWords w = new ActionWords(set.keyword() + " deny", words);
        int status = set == RuleSet.HTTP_RESPONSE ? 502 : 403;
        while (w.hasNext() && w.peek().equals("deny_status")) {
            w.next();
            String v = w.valueOf("deny_status");
            try {
                status = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new RuleException("Unexpected status code '" + v + "'.");
            }
            if (!ErrorPages.ruleStatus(status)) {
                throw new RuleException("Unexpected status code '" + v + "'.");
            }
        }
        w.expectEnd();
        LocalAnswer answer = ErrorPages.ruleAnswer(status);
        // HAProxy counts a denied request as an HTTP error on the tracked entries; not a denied response, nor a return
        if (set == RuleSet.HTTP_REQUEST) {
            return (s, m) -> {
                s.countHttpError();
                Denials.request(s);
                s.answer(answer);
                return Verdict.ANSWERED;
            };
        }
        return (s, m) -> {
            Denials.response(s);
            s.answer(answer);
            return Verdict.ANSWERED;
        };
    }

    /**
     * {@code return [status N] [content-type T] [string S | lf-string F | file F | errorfile F]}; a
     * request's counts as intercepted ({@link Interceptions}), a response's does not.
     */
    static RuleAction returned(RuleSet set, List<String> words, RuleScope scope) throws RuleException {
        ActionWords w = new ActionWords("http-request return", words);
        int status = 200;
        String type = null;
        byte[] body = new byte[0];
        FormatString lf = null;
        while (w.hasNext()) {
            String option = w.peek();
            switch (option) {
                case "status" -> {
                    w.next();
                    String v = w.valueOf("status");
                    try {
                        status = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        status = -1;
                    }
                    if (status < 200 || status > 599) {
                        throw new RuleException("Unexpected status code '" + v + "'.");
                    }
                }
                case "content-type" -> {
                    w.next();
                    type = w.valueOf("content-type");
                }
                case "string" -> {
                    w.next();
                    body = w.valueOf("string").getBytes(StandardCharsets.UTF_8);
                }
                case "lf-string" -> {
                    w.next();
                    lf = FormatString.compile(w.valueOf("lf-string"), scope);
                }
                case "file" -> {
                    w.next();
                    String f = w.valueOf("file");
                    try {
                        body = Files.readAllBytes(Path.of(f));
                    } catch (IOException e) {
                        throw new RuleException("failed to open file '" + f + "'.");
                    }
                }
                default -> {
                    w.expectEnd();
                }
            }
        }
        if ((body.length > 0 || lf != null) && type == null) {
            throw new RuleException("a content type must be specified with a payload.");
        }
        int code = status;
        String contentType = type;
        boolean request = set == RuleSet.HTTP_REQUEST;
        if (lf == null) {
            LocalAnswer answer = new RuleAnswers.Returned(code, contentType, body);
            return (s, m) -> {
                if (request) {
                    Interceptions.answered(s);
                }
                s.answer(answer);
                return Verdict.ANSWERED;
            };
        }
        FormatString format = lf;
        return (s, m) -> {
            if (request) {
                Interceptions.answered(s);
            }
            s.answer(new RuleAnswers.Returned(code, contentType, format.renderBytes(s, m)));
            return Verdict.ANSWERED;
        };
    }

    /**
     * {@code redirect location|prefix|scheme <fmt> [code N] [drop-query]}; a request's counts as
     * intercepted ({@link Interceptions}), a response's does not.
     */
    static RuleAction redirect(RuleSet set, List<String> words, RuleScope scope) throws RuleException {
        ActionWords w = new ActionWords("http-request redirect", words);
        if (!w.hasNext()) {
            throw new RuleException("expects 'code', 'prefix', 'location', 'scheme' or 'drop-query'.");
        }
        String kind = null;
        FormatString target = null;
        int code = 302;
        boolean dropQuery = false;
        while (w.hasNext()) {
            String option = w.next();
            switch (option) {
                case "location", "prefix", "scheme" -> {
                    kind = option;
                    target = FormatString.compile(w.valueOf(option), scope);
                }
                case "code" -> {
                    String v = w.valueOf("code");
                    code = switch (v) {
                        case "301", "302", "303", "307", "308" -> Integer.parseInt(v);
                        default -> throw new RuleException("invalid return code '" + v
                                + "' for 'code' (must be 301, 302, 303, 307 or 308).");
                    };
                }
                case "drop-query" -> dropQuery = true;
                default -> throw new RuleException("expects 'code', 'prefix', 'location', 'scheme' or 'drop-query' (was '"
                        + option + "').");
            }
        }
        if (kind == null) {
            throw new RuleException("redirect: missing 'location', 'prefix' or 'scheme'.");
        }
        String how = kind;
        FormatString to = target;
        int status = code;
        boolean drop = dropQuery;
        boolean request = set == RuleSet.HTTP_REQUEST;
        return (s, m) -> {
            if (request) {
                Interceptions.answered(s);
            }
            HttpRequest r = HttpMessages.request(s, m);
            String value = to.render(s, m);
            String location = switch (how) {
                case "location" -> value;
                case "prefix" -> {
                    String uri = r == null ? "/" : r.uri().substring(HttpMessages.pathStart(r.uri()));
                    if (drop) {
                        int q = uri.indexOf('?');
                        uri = q < 0 ? uri : uri.substring(0, q);
                    }
                    // HAProxy drops a lone "/" prefix: "prefix /" keeps the path as it is
                    yield (value.equals("/") ? "" : value) + uri;
                }
                default -> {
                    String host = r == null ? null : r.headers().get("Host");
                    String uri = r == null ? "/" : r.uri().substring(HttpMessages.pathStart(r.uri()));
                    yield value + "://" + (host == null ? "" : host) + uri;
                }
            };
            s.answer(new RuleAnswers.Redirected(status, location));
            return Verdict.ANSWERED;
        };
    }
}
