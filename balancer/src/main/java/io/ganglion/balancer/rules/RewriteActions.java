package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Verdict;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The actions that rewrite the message going through: header rewrites, the request line
 * ({@code set-path}, {@code set-query}, {@code set-uri}, {@code set-method}) and {@code set-status}.
 */
final class RewriteActions {
    private RewriteActions() {
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
        // an AsciiString keeps its case-insensitive hash and its bytes: each request's set/add
        // neither hashes the name again nor encodes it char by char on the way out
        io.netty.util.AsciiString name = io.netty.util.AsciiString.cached(words.get(0));
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

    enum Part {
        PATH, QUERY, URI, METHOD
    }

    static RuleAction requestLine(List<String> words, RuleScope scope, Part part) throws RuleException {
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
}
