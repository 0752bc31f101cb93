package io.ganglion.balancer.proxy;

import java.util.List;

/**
 * The request (and response) framing cases of RFC 9112 sections 6 and 7 that a proxy must agree on
 * with the servers behind it, as raw bytes. A case is sent whole, in one write, on a fresh client
 * connection; a target {@code /respond/NAME} makes the recording server answer with the canned
 * response NAME of {@link #RESPONSES}.
 */
final class FramingCases {
    /**
     * One case. {@code stricter} is null when Ganglion must behave exactly as HAProxy 2.6; otherwise
     * it says why Ganglion refuses what HAProxy accepts (never the other way round).
     */
    record FramingCase(String name, String bytes, String stricter) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Canned server answers, by name. */
    record CannedResponse(String name, String bytes) {
    }

    private static final String HOST = "Host: x\r\n";
    private static final String CL_AND_TE = "both Content-Length and Transfer-Encoding are refused (RFC 9112 6.3 allows it: "
            + "the classic smuggling pair), where HAProxy drops the Content-Length";
    private static final String REPEATED_CL = "a repeated Content-Length is refused even with equal values (RFC 9112 6.3 allows it)";
    private static final String CONTROLS = "a control byte other than HTAB in a field value is refused (RFC 9110 5.5 allows it)";
    private static final String TE_IN_HTTP_1_0 = "RFC 9112 6.1: the framing of an HTTP/1.0 message with Transfer-Encoding is faulty";
    private static final String CHUNK_LINE = "a chunk line must end with CRLF and hold no control byte";

    static final List<CannedResponse> RESPONSES = List.of(
            new CannedResponse("chunk-size-zz", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
            new CannedResponse("chunk-size-overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n"),
            new CannedResponse("chunk-size-ffff", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"),
            new CannedResponse("content-length-twice", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"),
            new CannedResponse("content-length-signed", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok"),
            new CannedResponse("cl-and-te", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
            new CannedResponse("shorter-than-content-length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
            new CannedResponse("head-only", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            new CannedResponse("chunked-good", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
            // the head: header names, status lines, Transfer-Encoding (each with a body of "ok")
            okBody("colon-less-line", "HTTP/1.1 200 OK\r\nBad Header\r\n"),
            okBody("space-in-name", "HTTP/1.1 200 OK\r\nX A: b\r\n"),
            okBody("space-before-colon", "HTTP/1.1 200 OK\r\nX-A : b\r\n"),
            okBody("tab-before-colon", "HTTP/1.1 200 OK\r\nX-A\t: b\r\n"),
            okBody("control-in-name", "HTTP/1.1 200 OK\r\nX\u0001A: b\r\n"),
            okBody("high-byte-in-name", "HTTP/1.1 200 OK\r\nX\u00e9A: b\r\n"),
            okBody("separator-in-name", "HTTP/1.1 200 OK\r\nX(A): b\r\n"),
            okBody("empty-name", "HTTP/1.1 200 OK\r\n: b\r\n"),
            okBody("space-before-first-header", "HTTP/1.1 200 OK\r\n X-A: b\r\n"),
            okBody("obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n  b\r\n"),
            okBody("status-letters", "HTTP/1.1 abc OK\r\n"),
            okBody("status-signed", "HTTP/1.1 +200 OK\r\n"),
            okBody("status-four-digits", "HTTP/1.1 2000 OK\r\n"),
            okBody("version-lower-case", "http/1.1 200 OK\r\n"),
            okBody("version-1.10", "HTTP/1.10 200 OK\r\n"),
            okBody("version-icy", "ICY 200 OK\r\n"),
            okBody("version-2.0", "HTTP/2.0 200 OK\r\n"),
            okBody("space-before-status-line", " HTTP/1.1 200 OK\r\n"),
            okBody("empty-line-before-status-line", "\r\nHTTP/1.1 200 OK\r\n"),
            okBody("control-in-reason", "HTTP/1.1 200 O\u0001K\r\n"),
            new CannedResponse("te-gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok"),
            new CannedResponse("te-gzip-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
            new CannedResponse("te-chunked-twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nok\r\n0\r\n\r\n"),
            new CannedResponse("te-upper-case", "HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
            new CannedResponse("te-in-http-1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
            new CannedResponse("folded-content-length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n 2\r\n\r\nok"),
            new CannedResponse("cl-twice-same", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
            new CannedResponse("cl-list-same", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok"),
            new CannedResponse("cl-negative", "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok"),
            new CannedResponse("cl-hexadecimal", "HTTP/1.1 200 OK\r\nContent-Length: 0x2\r\n\r\nok"),
            new CannedResponse("cl-empty", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nok"),
            new CannedResponse("cl-inner-space", "HTTP/1.1 200 OK\r\nContent-Length: 2 2\r\n\r\nok"),
            new CannedResponse("cl-beyond-64-bits", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nok"),
            okBody("nul-in-value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n"),
            okBody("cr-in-value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n"));

    /**
     * One proxy in front of one server, for HAProxy and the bundled balancer alike. An idle
     * kept-alive connection is closed after 100 ms: a client reads until the close and so has every
     * answer, whatever number of requests a case holds. One event loop, so that a marker request
     * after a case is handled after everything of the case ({@code RecordingHttpServer.settle}).
     */
    static String config(String frontendPort, int serverPort) {
        return """
                global
                    nbthread 1
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                    timeout http-request 2s
                    timeout http-keep-alive 100ms
                frontend fe
                    bind 127.0.0.1:%s
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(frontendPort, serverPort);
    }

    static List<FramingCase> all() {
        return List.of(
                // baselines
                same("get", "GET /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("post with Content-Length", post("Content-Length: 5\r\n", "hello")),
                same("post chunked", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("chunked with trailer", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")),
                same("chunk extension", post("Transfer-Encoding: chunked\r\n", "5;a=b\r\nhello\r\n0\r\n\r\n")),
                same("two pipelined requests", "GET /1 HTTP/1.1\r\n" + HOST + "\r\nGET /2 HTTP/1.1\r\n" + HOST + "\r\n"),
                same("HTTP/1.0 request", "GET /a HTTP/1.0\r\n\r\n"),
                // Content-Length and Transfer-Encoding together (RFC 9112 6.1, 6.3)
                stricter("CL then TE chunked", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), CL_AND_TE),
                stricter("TE chunked then CL", post("Transfer-Encoding: chunked\r\nContent-Length: 50\r\n", "5\r\nhello\r\n0\r\n\r\n"), CL_AND_TE),
                // Content-Length (6.2, 6.3)
                stricter("CL twice, same value", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), REPEATED_CL),
                stricter("CL list, same value", post("Content-Length: 5, 5\r\n", "hello"), REPEATED_CL),
                same("CL twice, different values", post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!")),
                same("CL signed +", post("Content-Length: +5\r\n", "hello")),
                same("CL negative", post("Content-Length: -5\r\n", "hello")),
                same("CL hexadecimal", post("Content-Length: 0x5\r\n", "hello")),
                same("CL with inner space", post("Content-Length: 5 5\r\n", "hello")),
                same("CL empty", post("Content-Length: \r\n", "hello")),
                same("CL beyond 64 bits", post("Content-Length: 99999999999999999999\r\n", "hello")),
                // Transfer-Encoding lists and spacing (6.1, 7)
                same("TE identity", post("Transfer-Encoding: identity\r\n", "hello")),
                same("TE gzip, chunked", post("Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE chunked, gzip", post("Transfer-Encoding: chunked, gzip\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE chunked twice", post("Transfer-Encoding: chunked, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE on two lines", post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE upper case", post("Transfer-Encoding: CHUNKED\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE xchunked", post("Transfer-Encoding: xchunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE value after a tab", post("Transfer-Encoding:\tchunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                same("TE with space before the colon", post("Transfer-Encoding : chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                stricter("TE in an HTTP/1.0 request", "POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                        TE_IN_HTTP_1_0),
                // obs-fold, line ends, controls (5.2, 2.2)
                same("obs-fold", "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\r\n  b\r\n\r\n"),
                stricter("obs-fold of TE", post("Transfer-Encoding:\r\n chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"),
                        "a folded Transfer-Encoding is refused (RFC 9112 5.2 allows rejecting obs-fold)"),
                same("fold before the first header", "GET /a HTTP/1.1\r\n X-A: a\r\n" + HOST + "\r\n"),
                stricter("bare LF line ends", "GET /a HTTP/1.1\n" + "Host: x\n\n",
                        "CRLF only (RFC 9112 2.2 lets a recipient accept a bare LF; Netty's strict line parsing does not)"),
                same("bare CR in a value", "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\rb\r\n\r\n"),
                stricter("NUL in a value", "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\n", CONTROLS),
                stricter("control 0x01 in a value", "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\u0001b\r\n\r\n", CONTROLS),
                same("space in a header name", "GET /a HTTP/1.1\r\n" + HOST + "X A: b\r\n\r\n"),
                same("header without colon", "GET /a HTTP/1.1\r\n" + HOST + "X-A\r\n\r\n"),
                same("empty header name", "GET /a HTTP/1.1\r\n" + HOST + ": b\r\n\r\n"),
                same("NUL in the target", "GET /a\0b HTTP/1.1\r\n" + HOST + "\r\n"),
                same("method with a separator", "G@T /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("lower-case method", "get /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("two spaces in the request line", "GET  /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("lower-case version", "GET /a http/1.1\r\n" + HOST + "\r\n"),
                same("version HTTP/1.10", "GET /a HTTP/1.10\r\n" + HOST + "\r\n"),
                same("version HTTP/1", "GET /a HTTP/1\r\n" + HOST + "\r\n"),
                same("version HTTPS/1.1", "GET /a HTTPS/1.1\r\n" + HOST + "\r\n"),
                same("tab in the target", "GET /a\tb HTTP/1.1\r\n" + HOST + "\r\n"),
                same("DEL in the target", "GET /a\u007fb HTTP/1.1\r\n" + HOST + "\r\n"),
                same("byte above 0x7F in the target", "GET /a\u00e9b HTTP/1.1\r\n" + HOST + "\r\n"),
                same("empty lines before the request line", "\r\n\r\nGET /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("NUL before the request line", "\0GET /a HTTP/1.1\r\n" + HOST + "\r\n"),
                same("space before the request line", " GET /a HTTP/1.1\r\n" + HOST + "\r\n"),
                // chunk sizes and extensions (7.1)
                same("chunk size zz", post("Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n")),
                same("chunk size 10000000000000005", post("Transfer-Encoding: chunked\r\n", "10000000000000005\r\nhello\r\n0\r\n\r\n")),
                same("chunk size FFFFFFFFFFFFFFFF", post("Transfer-Encoding: chunked\r\n", "FFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n")),
                same("chunk size 0x5", post("Transfer-Encoding: chunked\r\n", "0x5\r\nhello\r\n0\r\n\r\n")),
                same("chunk size -5", post("Transfer-Encoding: chunked\r\n", "-5\r\nhello\r\n0\r\n\r\n")),
                same("chunk size empty", post("Transfer-Encoding: chunked\r\n", "\r\nhello\r\n0\r\n\r\n")),
                same("chunk size with leading space", post("Transfer-Encoding: chunked\r\n", " 5\r\nhello\r\n0\r\n\r\n")),
                same("chunk data without CRLF", post("Transfer-Encoding: chunked\r\n", "5\r\nhelloXX0\r\n\r\n")),
                stricter("chunk extension with bare LF", post("Transfer-Encoding: chunked\r\n", "5;a=b\nhello\r\n0\r\n\r\n"), CHUNK_LINE),
                stricter("chunk extension with NUL", post("Transfer-Encoding: chunked\r\n", "5;a\0\r\nhello\r\n0\r\n\r\n"), CHUNK_LINE),
                // sizes, versions
                same("oversize head", "GET /a HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
                same("oversize request line", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n" + HOST + "\r\n"),
                same("HTTP/0.9 request", "GET /a\r\n"),
                stricter("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                        "HAProxy speaks HTTP/2 on this port; Ganglion has no HTTP/2 towards clients yet and answers 400"),
                same("HTTP/2.0 request line", "GET /a HTTP/2.0\r\n" + HOST + "\r\n"),
                same("HTTP/1.2 request line", "GET /a HTTP/1.2\r\n" + HOST + "\r\n"),
                same("HTTP/3.0 request line", "GET /a HTTP/3.0\r\n" + HOST + "\r\n"),
                same("HTTP/0.9 request line with headers", "GET /a HTTP/0.9\r\n" + HOST + "\r\n"),
                // Connection naming headers (7.6.1)
                same("Connection names Content-Length", "POST /a HTTP/1.1\r\nHost: x\r\nConnection: Content-Length\r\n"
                        + "Content-Length: 35\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"),
                same("Connection names Transfer-Encoding", "POST /a HTTP/1.1\r\nHost: x\r\nConnection: Transfer-Encoding\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n23\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n\r\n0\r\n\r\n"),
                same("Connection names both in a list", "POST /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Content-Length, Transfer-Encoding\r\n"
                        + "Content-Length: 5\r\n\r\nhello"),
                // pipelining
                same("pipelined bad second request", "GET /1 HTTP/1.1\r\n" + HOST + "\r\nGET /2 HTTP/1.1\r\n" + HOST
                        + "Content-Length: +1\r\n\r\nx"),
                same("pipelined request hidden in a body", post("Content-Length: 35\r\n", "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")),
                same("pipelined bad chunk after a good request", "GET /1 HTTP/1.1\r\n" + HOST + "\r\n"
                        + post("Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n")),
                // responses (the server's framing)
                same("response chunk size zz", respond("chunk-size-zz")),
                same("response chunk size 10000000000000005", respond("chunk-size-overflow")),
                same("response chunk size FFFFFFFFFFFFFFFF", respond("chunk-size-ffff")),
                same("response chunk size zz, a request after it", respond("chunk-size-zz") + "GET /after HTTP/1.1\r\n" + HOST + "\r\n"),
                same("response CL twice, different values", respond("content-length-twice")),
                same("response CL signed", respond("content-length-signed")),
                stricter("response CL and TE", respond("cl-and-te"), "a response with both Content-Length and Transfer-Encoding is a 502, "
                        + "where HAProxy drops the Content-Length"),
                same("response chunked", respond("chunked-good")),
                same("response cut in its body", respond("shorter-than-content-length")),
                same("response cut after its head", respond("head-only")),
                // responses (the server's head)
                same("response header line without colon", respond("colon-less-line")),
                same("response space in a header name", respond("space-in-name")),
                same("response space before the colon", respond("space-before-colon")),
                same("response tab before the colon", respond("tab-before-colon")),
                same("response control byte in a header name", respond("control-in-name")),
                same("response byte above 0x7F in a header name", respond("high-byte-in-name")),
                same("response separator in a header name", respond("separator-in-name")),
                same("response empty header name", respond("empty-name")),
                same("response space before the first header", respond("space-before-first-header")),
                same("response obs-fold", respond("obs-fold")),
                same("response status abc", respond("status-letters")),
                same("response status +200", respond("status-signed")),
                same("response status 2000", respond("status-four-digits")),
                same("response version http/1.1", respond("version-lower-case")),
                same("response version HTTP/1.10", respond("version-1.10")),
                same("response version ICY", respond("version-icy")),
                same("response version HTTP/2.0", respond("version-2.0")),
                same("response space before the status line", respond("space-before-status-line")),
                same("response empty line before the status line", respond("empty-line-before-status-line")),
                same("response control byte in the reason", respond("control-in-reason")),
                same("response TE gzip", respond("te-gzip")),
                same("response TE gzip, chunked", respond("te-gzip-chunked")),
                same("response TE chunked twice", respond("te-chunked-twice")),
                same("response TE upper case", respond("te-upper-case")),
                stricter("response TE in HTTP/1.0", respond("te-in-http-1.0"), TE_IN_HTTP_1_0),
                stricter("response folded Content-Length", respond("folded-content-length"),
                        "a folded Content-Length is refused (RFC 9112 5.2 allows rejecting obs-fold)"),
                stricter("response CL twice, same value", respond("cl-twice-same"), REPEATED_CL),
                stricter("response CL list, same value", respond("cl-list-same"), REPEATED_CL),
                same("response CL negative", respond("cl-negative")),
                same("response CL hexadecimal", respond("cl-hexadecimal")),
                same("response CL empty", respond("cl-empty")),
                same("response CL with inner space", respond("cl-inner-space")),
                same("response CL beyond 64 bits", respond("cl-beyond-64-bits")),
                stricter("response NUL in a value", respond("nul-in-value"), CONTROLS),
                same("response bare CR in a value", respond("cr-in-value")));
    }

    /** A canned response: {@code head}, a Content-Length of 2, and the body {@code ok}. */
    private static CannedResponse okBody(String name, String head) {
        return new CannedResponse(name, head + "Content-Length: 2\r\n\r\nok");
    }

    private static FramingCase same(String name, String bytes) {
        return new FramingCase(name, bytes, null);
    }

    private static FramingCase stricter(String name, String bytes, String why) {
        return new FramingCase(name, bytes, why);
    }

    private static String post(String framing, String body) {
        return "POST /a HTTP/1.1\r\n" + HOST + framing + "\r\n" + body;
    }

    private static String respond(String canned) {
        return "GET /respond/" + canned + " HTTP/1.1\r\n" + HOST + "\r\n";
    }

    private FramingCases() {
    }
}
