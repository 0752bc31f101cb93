package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * Finds, in one pass over a copy of the bytes received, an HTTP/1 head written in its plainest
 * form, whole: a start line of three words ({@code METHOD SP target SP HTTP/d.d} for a request,
 * {@code HTTP/d.d SP status SP reason} for a response), then fields
 * {@code name ":" OWS value OWS CRLF}, then {@code CRLF}. Every method and name is a token, the
 * target visible ASCII, the values and the reason visible ASCII with spaces (and tabs, in values)
 * inside; lines end in CRLF; no {@code Transfer-Encoding}; a request has no {@code Content-Length}
 * (so no body), a response at most one, of digits only; the head is at most {@link #MAX_HEAD}
 * bytes and within the decoder's limits. This is what keep-alive clients and servers send, and
 * for it Netty's line-by-line state machine ({@code HttpObjectDecoder}: a line parser and a header
 * parser, copying every line) makes exactly the messages built from these offsets. Anything else
 * (a byte outside these sets, a bare CR or LF, an obs-fold, a head not yet complete) is left to
 * Netty's decoder from the same first byte, as before: the plain form is a subset of what it
 * accepts, so nothing it refuses passes here.
 *
 * <p>Offsets, not strings, until the message is made ({@link #message}), through the same methods
 * of the decoder that Netty's decoder calls. One per event loop, reused by every decode call on it (a
 * call uses it from start to end, so the connections of a loop never share it at the same time).
 */
final class PlainHead {
    /** The longest head looked at: the usual ones, not every one the limits allow, so that the copy stays small. */
    static final int MAX_HEAD = 2048;
    /** The most fields a plain head has here; a head with more goes to Netty's decoder. */
    private static final int MAX_FIELDS = 64;
    private static final int VERSION_LENGTH = 8;
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /** A loop's decode calls run one at a time: one parser's arrays serve every connection of the loop. */
    private static final FastThreadLocal<PlainHead> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected PlainHead initialValue() {
            return new PlainHead();
        }
    };

    private final byte[] bytes = new byte[MAX_HEAD];
    /** Per field: name start, name end, value start, value end (without the spaces and tabs around it). */
    private final int[] fieldOffsets = new int[4 * MAX_FIELDS];
    private int fields;
    private int firstEnd;
    private int secondStart;
    private int secondEnd;
    private int thirdStart;
    private int thirdEnd;
    private int headLength;
    private long contentLength;

    /**
     * A decoder's own making of a message's words, which Netty's state machine calls for each head
     * it reads: protected methods of Netty's decoder, handed to this class by the decoder.
     *
     * @param message the message of the three words, checked as Netty's decoder checks them
     */
    record Words(WordMaker first, WordMaker second, WordMaker third, MessageMaker message, NameMaker fieldName) {
    }

    @FunctionalInterface
    interface WordMaker {
        String make(byte[] line, int start, int length);
    }

    @FunctionalInterface
    interface NameMaker {
        AsciiString make(byte[] line, int start, int length);
    }

    @FunctionalInterface
    interface MessageMaker {
        HttpMessage make(String[] words) throws Exception;
    }

    /**
     * The message of the head just read, made by {@code words} in the order Netty's decoder makes
     * it: the start line's words, the message, then each field.
     *
     * @throws Exception what Netty's decoder would refuse it for (the caller leaves it to Netty's decoder then)
     */
    HttpMessage message(Words words) throws Exception {
        byte[] b = bytes;
        HttpMessage message = words.message().make(new String[] {
            words.first().make(b, 0, firstEnd),
            words.second().make(b, secondStart, secondEnd - secondStart),
            words.third().make(b, thirdStart, thirdEnd - thirdStart)});
        HttpHeaders headers = message.headers();
        // Fields read here pass the head's validators by construction (PlainHeadTest: every byte
        // in a name and in a value): compact headers do not check them again.
        CompactHeaders compact = headers instanceof CompactHeaders c ? c : null;
        for (int f = 0; f < fields; f++) {
            int o = 4 * f;
            AsciiString name = words.fieldName().make(b, fieldOffsets[o], fieldOffsets[o + 1] - fieldOffsets[o]);
            String value = new String(b, fieldOffsets[o + 2], fieldOffsets[o + 3] - fieldOffsets[o + 2], StandardCharsets.ISO_8859_1);
            if (compact != null) {
                compact.addParsed(name, value);
            } else {
                headers.add(name, value);
            }
        }
        return message;
    }

    /** The parser of the calling event loop's decoders, requests' and responses' alike. */
    static PlainHead ofThisLoop() {
        return PER_LOOP.get();
    }

    /**
     * Reads the request head at {@code in}'s reader index, consuming nothing; false when it is not
     * a complete plain one.
     *
     * @param maxHead the longest head taken: at most the decoder's initial line and header size
     *                limits, so that a head taken here is one Netty's decoder would not refuse for its length
     */
    boolean readRequest(ByteBuf in, int maxHead) {
        int n = copy(in, maxHead);
        int i = token(0, n);
        if (i == 0 || !at(i, n, ' ')) {
            return false;
        }
        firstEnd = i;
        secondStart = ++i;
        while (i < n && isVisible(bytes[i])) {
            i++;
        }
        if (i == secondStart || !at(i, n, ' ')) {
            return false;
        }
        secondEnd = i;
        thirdStart = ++i;
        if (!isVersion(i, n) || !lineEnd(i + VERSION_LENGTH, n)) {
            return false;
        }
        thirdEnd = i + VERSION_LENGTH;
        return fields(thirdEnd + 2, n) && contentLength < 0;
    }

    /**
     * Reads the response head at {@code in}'s reader index, consuming nothing; false when it is not
     * a complete plain one. Its status is three digits, not 1xx (an interim response, or a switch of
     * protocol, is left to Netty's decoder); its reason is not empty.
     */
    boolean readResponse(ByteBuf in, int maxHead) {
        int n = copy(in, maxHead);
        byte[] b = bytes;
        if (!isVersion(0, n) || !at(VERSION_LENGTH, n, ' ') || VERSION_LENGTH + 5 > n) {
            return false;
        }
        int s = VERSION_LENGTH + 1;
        if (b[s] < '2' || b[s] > '9' || !isDigit(b[s + 1]) || !isDigit(b[s + 2]) || b[s + 3] != ' ') {
            return false;
        }
        firstEnd = VERSION_LENGTH;
        secondStart = s;
        secondEnd = s + 3;
        thirdStart = s + 4;
        int i = thirdStart;
        if (i >= n || !isVisible(b[i])) {
            return false; // no reason, or spaces before it (Netty's decoder skips them)
        }
        int end = i;
        while (i < n && (b[i] >= ' ' && b[i] < 0x7f)) {
            if (b[i++] != ' ') {
                end = i;
            }
        }
        if (end == thirdStart || !lineEnd(i, n)) {
            return false;
        }
        thirdEnd = end;
        return fields(i + 2, n);
    }

    private int copy(ByteBuf in, int maxHead) {
        int n = Math.min(in.readableBytes(), Math.min(maxHead, MAX_HEAD));
        in.getBytes(in.readerIndex(), bytes, 0, n);
        return n;
    }

    /** The fields from {@code i} to the empty line; false when one is not plain or the head does not end before {@code n}. */
    private boolean fields(int i, int n) {
        byte[] b = bytes;
        fields = 0;
        contentLength = -1;
        while (true) {
            if (i + 1 >= n) {
                return false; // not all here yet, or longer than looked at
            }
            if (b[i] == '\r') {
                headLength = i + 2;
                return b[i + 1] == '\n';
            }
            if (fields == MAX_FIELDS) {
                return false;
            }
            int nameStart = i;
            i = token(i, n);
            if (i == nameStart || !at(i, n, ':')) {
                return false;
            }
            int nameEnd = i++;
            while (i < n && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int valueStart = i;
            int valueEnd = i;
            while (i < n) {
                byte c = b[i];
                if (isVisible(c)) {
                    valueEnd = ++i;
                } else if (c == ' ' || c == '\t') {
                    i++;
                } else {
                    break;
                }
            }
            if (!lineEnd(i, n) || !framingUnderstood(nameStart, nameEnd, valueStart, valueEnd)) {
                return false;
            }
            i += 2;
            int o = 4 * fields++;
            fieldOffsets[o] = nameStart;
            fieldOffsets[o + 1] = nameEnd;
            fieldOffsets[o + 2] = valueStart;
            fieldOffsets[o + 3] = valueEnd;
        }
    }

    /**
     * No Transfer-Encoding, and at most one Content-Length of at most 18 digits (in any case of its
     * name), noted in {@link #contentLength}: any other framing is Netty's decoder's to check.
     */
    private boolean framingUnderstood(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        int length = nameEnd - nameStart;
        if (length == 17 && equalsLowerCase(nameStart, "transfer-encoding")) {
            return false;
        }
        if (length != 14 || !equalsLowerCase(nameStart, "content-length")) {
            return true;
        }
        if (contentLength >= 0 || valueEnd == valueStart || valueEnd - valueStart > 18) {
            return false;
        }
        long value = 0;
        for (int i = valueStart; i < valueEnd; i++) {
            if (!isDigit(bytes[i])) {
                return false;
            }
            value = value * 10 + bytes[i] - '0';
        }
        contentLength = value;
        return true;
    }

    private int token(int i, int n) {
        while (i < n && TOKEN[bytes[i] & 0xff]) {
            i++;
        }
        return i;
    }

    private boolean at(int i, int n, char c) {
        return i < n && bytes[i] == c;
    }

    private boolean lineEnd(int i, int n) {
        return i + 1 < n && bytes[i] == '\r' && bytes[i + 1] == '\n';
    }

    private boolean isVersion(int i, int n) {
        byte[] b = bytes;
        return i + VERSION_LENGTH <= n && b[i] == 'H' && b[i + 1] == 'T' && b[i + 2] == 'T' && b[i + 3] == 'P'
                && b[i + 4] == '/' && isDigit(b[i + 5]) && b[i + 6] == '.' && isDigit(b[i + 7]);
    }

    private boolean equalsLowerCase(int start, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((bytes[start + k] | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A token character (RFC 9110 5.6.2): what a method and a field name are made of. */
    static boolean isToken(byte c) {
        return TOKEN[c & 0xff];
    }

    private static boolean isVisible(byte c) {
        return c > ' ' && c < 0x7f;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The head's length, its final CRLF included. */
    int length() {
        return headLength;
    }

    /** A response's status, from its three digits. */
    int statusCode() {
        return (bytes[secondStart] - '0') * 100 + (bytes[secondStart + 1] - '0') * 10 + bytes[secondStart + 2] - '0';
    }

    /** A response's Content-Length, or -1 without one. */
    long contentLength() {
        return contentLength;
    }
}
