package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.session.ParseStop;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where HAProxy 2.6's parser stops in a refused message, as {@code show errors} reported it on
 * HAProxy 2.6.12 for each of these messages (position, state, number); escaped here as in the dump
 * ({@code \r \n \0}). The live comparison with a running HAProxy is ShowErrorsComparisonTest; this
 * table keeps the rules checked where HAProxy is not installed.
 */
class H1ErrorLocatorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "request  | GET / HTTP/1.1\\r\\nHost: x\\r\\nBad Header\\r\\n\\r\\n                 | 28 | MSG_HDR_NAME   | 17",
        "request  | GET /a HTTP/1.1\\r\\nHost: x\\r\\nX-A\\r\\n\\r\\n                       | 29 | MSG_HDR_NAME   | 17",
        "request  | GET /a HTTP/1.1\\r\\nHost: x\\r\\n: b\\r\\n\\r\\n                       | 26 | MSG_HDR_NAME   | 17",
        "request  | GET /a HTTP/1.1\\r\\n X-A: a\\r\\nHost: x\\r\\n\\r\\n                   | 17 | MSG_HDR_NAME   | 17",
        "request  | GET /a HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\rb\\r\\n\\r\\n                | 33 | MSG_HDR_L2_LF  | 23",
        "request  | GET /a\\0b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                           | 6  | MSG_RQURI      | 4",
        "request  | G@T /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                               | 1  | MSG_RQMETH     | 2",
        "request  | GET /a http/1.1\\r\\nHost: x\\r\\n\\r\\n                               | 7  | MSG_RQVER      | 6",
        "request  | GET /a b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                             | 7  | MSG_RQVER      | 6",
        "request  | GET /a HTTP/1\\r\\nHost: x\\r\\n\\r\\n                                 | 7  | MSG_DATA       | 27",
        "request  | GET /a HTTP/1.10\\r\\nHost: x\\r\\n\\r\\n                              | 7  | MSG_DATA       | 27",
        "request  | GET /a\\r\\n                                                          | 6  | MSG_DATA       | 27",
        "request  | \\0GET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                             | 0  | MSG_RQBEFORE   | 0",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: +5\\r\\n\\r\\nhello   | 43 | MSG_HDR_L2_LWS | 24",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n5\\r\\nhello\\r\\n0\\r\\n\\r\\n | 46 | MSG_HDR_L2_LWS | 24",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n5\\r\\nhello\\r\\n0\\r\\n\\r\\n     | 58 | MSG_DATA       | 27",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n5\\r\\nhello\\r\\n0\\r\\n\\r\\n | 63 | MSG_CHUNK_SIZE | 26",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nhello\\r\\n0\\r\\n\\r\\n       | 57 | MSG_CHUNK_SIZE | 26",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10000000000000005\\r\\nhello\\r\\n | 70 | MSG_CHUNK_SIZE | 26",
        "request  | POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0x5\\r\\nhello\\r\\n0\\r\\n\\r\\n      | 58 | MSG_CHUNK_SIZE | 26",
        "response | HTTP/1.1 abc OK\\r\\nContent-Length: 0\\r\\n\\r\\n                         | 9  | MSG_RPCODE     | 12",
        "response | HTTP/1.1 200 OK\\r\\nBad Header\\r\\nContent-Length: 0\\r\\n\\r\\n           | 20 | MSG_HDR_NAME   | 17",
        "response | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nhello\\r\\n0\\r\\n\\r\\n | 47 | MSG_CHUNK_SIZE | 26",
        "response | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n2\\r\\nok\\r\\n0\\r\\n\\r\\n | 53 | MSG_CHUNK_SIZE | 26",
        "response | http/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok                      | 0  | MSG_RPVER      | 10"})
    void whereHaproxyStopsInAMessage(String kind, String escaped, int position, String state, int number) {
        byte[] message = bytes(escaped);
        assertThat(kind.equals("request") ? H1ErrorLocator.inRequest(message) : H1ErrorLocator.inResponse(message))
                .contains(new ParseStop(position, state, number));
    }

    @Test
    void theBodyLengthsOfAStopInTheBodyOrOnAContentLengthConflict() {
        assertThat(H1ErrorLocator.inRequest(bytes("POST /a HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\n"
                + "Content-Length: 6\\r\\n\\r\\nhello!"))).contains(new ParseStop(62, "MSG_HDR_L2_LWS", 24, 5, 5));
        assertThat(H1ErrorLocator.inRequest(bytes("POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                + "5\\r\\nhelloXX0\\r\\n\\r\\n"))).contains(new ParseStop(65, "MSG_CHUNK_CRLF", 28, 0, 5));
        // A version that is not HTTP/d.d is refused once the head is read; a bad trailer at the body's start.
        assertThat(H1ErrorLocator.inResponse(bytes("ICY 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok")))
                .contains(new ParseStop(0, "MSG_DATA", 27, 2, 2));
        assertThat(H1ErrorLocator.inResponse(bytes("HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nok\\r\\n0\\r\\n"
                + "Bad Trailer\\r\\n\\r\\n"))).contains(new ParseStop(47, "MSG_TRAILERS", 29, 0, 2));
    }

    @Test
    void aMessageHaproxyAcceptsHasNoStop() {
        assertThat(H1ErrorLocator.inRequest(bytes("POST /a HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                + "5;a=b\\r\\nhello\\r\\n0\\r\\n\\r\\n"))).isEmpty();
        assertThat(H1ErrorLocator.inRequest(bytes("GET /a HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n  b\\r\\n\\r\\n"))).isEmpty();
    }

    private static byte[] bytes(String escaped) {
        return escaped.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1);
    }
}
