package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** What the HTTP fetches read of a request or response head, as HAProxy reads it. */
final class HttpMessages {
    private HttpMessages() {
    }

    /** The stream's request head: the phase's message, or the one the stream keeps (response phase). */
    static HttpRequest request(Stream stream, Object message) {
        return message instanceof HttpRequest r ? r : stream.request();
    }

    static HttpResponse response(Object message) {
        return message instanceof HttpResponse r ? r : null;
    }

    /** Where the path starts in a request target: after {@code scheme://authority} for an absolute one. */
    static int pathStart(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0 || uri.startsWith("/")) {
            return 0;
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? uri.length() : slash;
    }

    /** {@code path}: the target from the path to before {@code ?}. */
    static String path(String uri) {
        int start = pathStart(uri);
        int q = uri.indexOf('?', start);
        return uri.substring(start, q < 0 ? uri.length() : q);
    }

    /** {@code query}: after {@code ?}, or null without one. */
    static String query(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /**
     * The values of header {@code name} as HAProxy's {@code hdr()} sees them: each line split at its
     * commas, blanks around each value trimmed.
     */
    static List<String> values(HttpHeaders headers, String name) {
        List<String> out = new ArrayList<>();
        for (String line : headers.getAll(name)) {
            for (String v : line.split(",", -1)) {
                out.add(v.trim());
            }
        }
        return out;
    }

    /** The occurrence {@code occ} of a list (1 the first, -1 the last; 0 is the last, HAProxy's default). */
    static String occurrence(List<String> values, long occ) {
        if (values.isEmpty()) {
            return null;
        }
        if (occ == 0) {
            occ = -1;
        }
        int i = occ > 0 ? (int) occ - 1 : values.size() + (int) occ;
        return i >= 0 && i < values.size() ? values.get(i) : null;
    }

    /** The value of the cookie {@code name} in the Cookie lines, the last occurrence; null when absent. */
    static String cookie(HttpHeaders headers, String name) {
        List<String> all = cookies(headers, name);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Every value of the cookie {@code name} in the Cookie lines, in order. */
    static List<String> cookies(HttpHeaders headers, String name) {
        List<String> found = new ArrayList<>();
        for (String line : headers.getAll("Cookie")) {
            for (String part : line.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).trim().equals(name)) {
                    found.add(p.substring(eq + 1).trim());
                }
            }
        }
        return found;
    }

    /**
     * {@code res.cook(name)}: the value of the last cookie {@code name} set by the Set-Cookie lines
     * (each line sets one cookie, its attributes after the first {@code ;}); null when none does.
     */
    static String setCookie(HttpHeaders headers, String name) {
        String found = null;
        for (String line : headers.getAll("Set-Cookie")) {
            int semi = line.indexOf(';');
            String pair = semi < 0 ? line : line.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                found = pair.substring(eq + 1).trim();
            }
        }
        return found;
    }

    /** The value of query parameter {@code name} (first occurrence), or null. */
    static String urlParam(String uri, String name, char delimiter) {
        String q = query(uri);
        if (q == null) {
            return null;
        }
        for (String part : q.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)))) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : part.substring(eq + 1);
            }
        }
        return null;
    }
}
