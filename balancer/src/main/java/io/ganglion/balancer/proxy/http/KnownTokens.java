package io.ganglion.balancer.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The words a head is mostly made of (methods, versions, status codes and reasons, header names),
 * made once: the decoders hand out these shared, immutable objects instead of copying the same
 * bytes into a new String or AsciiString for every message. Only an exact match is shared (same
 * bytes, same case), so what is read is exactly what was received; any other word is copied as
 * before.
 */
final class KnownTokens {
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0"};
    private static final String[] METHODS = names(HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.CONNECT, HttpMethod.TRACE);
    /** "100" to "599" at their code minus 100. */
    private static final String[] STATUS_CODES = new String[500];
    private static final String[] REASONS;
    /** Header names by length: Netty's lowercase constants and the same names in the usual capitals ({@code Content-Length}). */
    private static final AsciiString[][] HEADER_NAMES;

    static {
        for (int code = 100; code < 600; code++) {
            STATUS_CODES[code - 100] = Integer.toString(code);
        }
        List<String> reasons = new ArrayList<>();
        for (int code : new int[] {100, 101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404,
                405, 408, 409, 410, 413, 414, 429, 500, 501, 502, 503, 504}) {
            reasons.add(HttpResponseStatus.valueOf(code).reasonPhrase());
        }
        REASONS = reasons.toArray(String[]::new);
        HEADER_NAMES = byLength(headerNames());
    }

    private KnownTokens() {
    }

    /** The shared String of a request method, or null. */
    static String method(byte[] line, int start, int length) {
        return find(METHODS, line, start, length);
    }

    /** The shared String of {@code HTTP/1.1} or {@code HTTP/1.0}, or null. */
    static String version(byte[] line, int start, int length) {
        return find(VERSIONS, line, start, length);
    }

    /** The shared String of a three-digit status code from 100 to 599, or null. */
    static String statusCode(byte[] line, int start, int length) {
        if (length != 3) {
            return null;
        }
        int code = 100 * (line[start] - '0') + 10 * (line[start + 1] - '0') + (line[start + 2] - '0');
        if (code < 100 || code > 599 || !isDigit(line[start]) || !isDigit(line[start + 1]) || !isDigit(line[start + 2])) {
            return null;
        }
        return STATUS_CODES[code - 100];
    }

    /** The shared String of a usual reason phrase, as written in RFC 9110 ({@code OK}, {@code Not Found}), or null. */
    static String reason(byte[] line, int start, int length) {
        return find(REASONS, line, start, length);
    }

    /** The shared AsciiString of a usual header name written in these exact bytes, or null. */
    static AsciiString headerName(byte[] line, int start, int length) {
        if (length >= HEADER_NAMES.length) {
            return null;
        }
        for (AsciiString name : HEADER_NAMES[length]) {
            if (sameBytes(name.array(), name.arrayOffset(), line, start, length)) {
                return name;
            }
        }
        return null;
    }

    private static String find(String[] words, byte[] line, int start, int length) {
        for (String word : words) {
            if (word.length() == length && sameChars(word, line, start)) {
                return word;
            }
        }
        return null;
    }

    private static boolean sameChars(String word, byte[] line, int start) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != line[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(byte[] a, int aStart, byte[] b, int bStart, int length) {
        for (int i = 0; i < length; i++) {
            if (a[aStart + i] != b[bStart + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String[] names(HttpMethod... methods) {
        String[] names = new String[methods.length];
        for (int i = 0; i < methods.length; i++) {
            names[i] = methods[i].name();
        }
        return names;
    }

    /** Every name Netty declares in {@link HttpHeaderNames}, read once here, and each in its usual capitals. */
    private static List<AsciiString> headerNames() {
        List<AsciiString> names = new ArrayList<>();
        for (Field f : HttpHeaderNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == AsciiString.class) {
                try {
                    AsciiString lower = (AsciiString) f.get(null);
                    names.add(lower);
                    names.add(AsciiString.cached(capitalized(lower.toString())));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    /** {@code content-length} as {@code Content-Length}. */
    private static String capitalized(String lower) {
        char[] c = lower.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (i == 0 || c[i - 1] == '-') {
                c[i] = Character.toUpperCase(c[i]);
            }
        }
        return new String(c);
    }

    private static AsciiString[][] byLength(List<AsciiString> names) {
        int longest = 0;
        for (AsciiString n : names) {
            longest = Math.max(longest, n.length());
        }
        List<List<AsciiString>> lists = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            lists.add(new ArrayList<>());
        }
        for (AsciiString n : names) {
            if (!lists.get(n.length()).contains(n)) {
                lists.get(n.length()).add(n);
            }
        }
        AsciiString[][] table = new AsciiString[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            table[i] = lists.get(i).toArray(AsciiString[]::new);
        }
        return table;
    }
}
