package io.ganglion.balancer.rules;

import static io.ganglion.balancer.rules.RuleSet.HTTP_REQUEST;
import static io.ganglion.balancer.rules.RuleSet.HTTP_RESPONSE;

import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code http-request} / {@code http-response} actions of the {@code rules} package (HAProxy
 * 2.6 configuration manual, section 4.2): allow, deny, return, redirect, header rewrites, request
 * line rewrites, variables, {@code set-status}.
 */
final class HttpActions {
    private static final Set<RuleSet> BOTH = Set.of(HTTP_REQUEST, HTTP_RESPONSE);

    private HttpActions() {
    }

    static List<ActionKeyword> table() {
        return List.of(
                new ActionKeyword("allow", BOTH, (p, w, scope) -> {
                    new ActionWords("allow", w).expectEnd();
                    return (s, m) -> Verdict.DONE;
                }),
                new ActionKeyword("deny", BOTH, HttpActions::deny),
                new ActionKeyword("return", BOTH, HttpActions::returned),
                new ActionKeyword("redirect", BOTH, HttpActions::redirect),
                new ActionKeyword("set-header", BOTH, (p, w, scope) -> header(w, scope, "set-header", true)),
                new ActionKeyword("add-header", BOTH, (p, w, scope) -> header(w, scope, "add-header", false)),
                new ActionKeyword("del-header", BOTH, HttpActions::delHeader),
                new ActionKeyword("replace-header", BOTH, HttpActions::replaceHeader),
                new ActionKeyword("set-path", Set.of(HTTP_REQUEST), (p, w, scope) -> requestLine(w, scope, Part.PATH)),
                new ActionKeyword("set-query", Set.of(HTTP_REQUEST), (p, w, scope) -> requestLine(w, scope, Part.QUERY)),
                new ActionKeyword("set-uri", Set.of(HTTP_REQUEST), (p, w, scope) -> requestLine(w, scope, Part.URI)),
                new ActionKeyword("set-method", Set.of(HTTP_REQUEST), (p, w, scope) -> requestLine(w, scope, Part.METHOD)),
                new ActionKeyword("set-status", Set.of(HTTP_RESPONSE), HttpActions::setStatus),
                new ActionKeyword("set-var(*)", BOTH, HttpActions::setVar),
                new ActionKeyword("unset-var(*)", BOTH, HttpActions::unsetVar));
    }

    static RuleAction deny(String paren, List<String> words, RuleScope scope) throws RuleException {
        ActionWords w = new ActionWords("http-request deny", words);
        int status = 403;
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
        return (s, m) -> {
            s.answer(answer);
            return Verdict.ANSWERED;
        };
    }

    /** {@code return [status N] [content-type T] [string S | lf-string F | file F | errorfile F]}. */
    static RuleAction returned(String paren, List<String> words, RuleScope scope) throws RuleException {
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
        if (lf == null) {
            LocalAnswer answer = new RuleAnswers.Returned(code, contentType, body);
            return (s, m) -> {
                s.answer(answer);
                return Verdict.ANSWERED;
            };
        }
        FormatString format = lf;
        return (s, m) -> {
            s.answer(new RuleAnswers.Returned(code, contentType, format.renderBytes(s, m)));
            return Verdict.ANSWERED;
        };
    }

    /** {@code redirect location|prefix|scheme <fmt> [code N] [drop-query]}. */
    static RuleAction redirect(String paren, List<String> words, RuleScope scope) throws RuleException {
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
        return (s, m) -> {
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

    private static HttpHeaders headersOf(Object message, io.ganglion.balancer.proxy.stream.Stream stream) {
        if (message instanceof HttpMessage msg) {
            return msg.headers();
        }
        HttpRequest r = stream.request();
        return r == null ? null : r.headers();
    }

    static RuleAction header(List<String> words, RuleScope scope, String action, boolean replace) throws RuleException {
        if (words.size() != 2) {
            throw new RuleException("expects exactly 2 arguments.");
        }
        String name = words.get(0);
        FormatString value = FormatString.compile(words.get(1), scope);
        return (s, m) -> {
            HttpHeaders h = headersOf(m, s);
            if (h != null) {
                String v = value.render(s, m);
                if (replace) {
                    h.set(name, v);
                } else {
                    h.add(name, v);
                }
            }
            return Verdict.CONTINUE;
        };
    }

    static RuleAction delHeader(String paren, List<String> words, RuleScope scope) throws RuleException {
        if (words.isEmpty()) {
            throw new RuleException("expects exactly 1 arguments.");
        }
        String name = words.get(0);
        if (words.size() > 1) {
            throw new ActionWords.ExtraWord("'http-request del-header' expects either 'if' or 'unless' followed by a "
                    + "condition but found '" + words.get(1) + "'.");
        }
        return (s, m) -> {
            HttpHeaders h = headersOf(m, s);
            if (h != null) {
                h.remove(name);
            }
            return Verdict.CONTINUE;
        };
    }

    /** {@code replace-header NAME REGEX FMT}: each value of the header matching REGEX whole is rewritten. */
    static RuleAction replaceHeader(String paren, List<String> words, RuleScope scope) throws RuleException {
        if (words.size() != 3) {
            throw new RuleException("expects exactly 3 arguments.");
        }
        String name = words.get(0);
        Pattern re;
        try {
            re = Pattern.compile(words.get(1));
        } catch (PatternSyntaxException e) {
            throw new RuleException("failed to compile regex '" + words.get(1) + "' (error=" + e.getDescription() + ")");
        }
        FormatString with = FormatString.compile(words.get(2), scope);
        return (s, m) -> {
            HttpHeaders h = headersOf(m, s);
            if (h == null || !h.contains(name)) {
                return Verdict.CONTINUE;
            }
            String replacement = with.render(s, m).replace("$", "\\$").replaceAll("\\\\([0-9])", "\\$$1");
            List<String> values = new ArrayList<>();
            for (String v : h.getAll(name)) {
                Matcher mt = re.matcher(v);
                values.add(mt.matches() ? mt.replaceFirst(replacement) : v);
            }
            h.set(name, values);
            return Verdict.CONTINUE;
        };
    }

    private enum Part {
        PATH, QUERY, URI, METHOD
    }

    private static RuleAction requestLine(List<String> words, RuleScope scope, Part part) throws RuleException {
        if (words.size() != 1) {
            throw new RuleException("expects exactly 1 argument <format>.");
        }
        FormatString value = FormatString.compile(words.get(0), scope);
        return (s, m) -> {
            if (!(m instanceof HttpRequest r)) {
                return Verdict.CONTINUE;
            }
            String v = value.render(s, m);
            String uri = r.uri();
            int start = HttpMessages.pathStart(uri);
            int q = uri.indexOf('?', start);
            switch (part) {
                case PATH -> r.setUri(uri.substring(0, start) + v + (q < 0 ? "" : uri.substring(q)));
                case QUERY -> {
                    String base = q < 0 ? uri : uri.substring(0, q);
                    r.setUri(v.isEmpty() ? base : base + "?" + (v.startsWith("?") ? v.substring(1) : v));
                }
                case URI -> r.setUri(v);
                case METHOD -> r.setMethod(HttpMethod.valueOf(v));
            }
            return Verdict.CONTINUE;
        };
    }

    static RuleAction setStatus(String paren, List<String> words, RuleScope scope) throws RuleException {
        ActionWords w = new ActionWords("http-response set-status", words);
        int code;
        try {
            code = Integer.parseInt(w.hasNext() ? w.next() : "");
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 100 || code > 999) {
            throw new RuleException("expects an integer status code between 100 and 999.");
        }
        String reason = null;
        if (w.hasNext() && w.peek().equals("reason")) {
            w.next();
            reason = w.valueOf("reason");
        }
        w.expectEnd();
        HttpResponseStatus status = reason == null ? HttpResponseStatus.valueOf(code) : new HttpResponseStatus(code, reason);
        return (s, m) -> {
            if (m instanceof HttpResponse r) {
                r.setStatus(status);
                s.status(status.code());
            }
            return Verdict.CONTINUE;
        };
    }

    static RuleAction setVar(String paren, List<String> words, RuleScope scope) throws RuleException {
        String name = Variables.checkName(paren);
        if (words.isEmpty()) {
            throw new RuleException("missing fetch method.");
        }
        SampleExpression expr;
        try {
            expr = SampleExpressions.parse(words.get(0), scope);
        } catch (SampleExpressions.Refusal r) {
            if (r.unavailable != null) {
                throw new RuleException("fetch method 'set-var(" + paren + ")' extracts information from '"
                        + r.unavailable.haproxyWord() + "', none of which is available here.");
            }
            throw new RuleException(r.getMessage() + ".");
        }
        if (words.size() > 1) {
            throw new ActionWords.ExtraWord("'http-request set-var(" + paren + ")' expects either 'if' or 'unless' followed "
                    + "by a condition but found '" + words.get(1) + "'.");
        }
        return (s, m) -> {
            Sample v = expr.evaluate(s, m);
            if (v != null) {
                Variables.set(s, name, v);
            }
            return Verdict.CONTINUE;
        };
    }

    static RuleAction unsetVar(String paren, List<String> words, RuleScope scope) throws RuleException {
        String name = Variables.checkName(paren);
        new ActionWords("http-request unset-var(" + paren + ")", words).expectEnd();
        return (s, m) -> {
            Variables.unset(s, name);
            return Verdict.CONTINUE;
        };
    }
}
