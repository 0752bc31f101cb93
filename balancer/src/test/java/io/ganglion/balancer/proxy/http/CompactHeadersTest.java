package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The compact header store answers every question as Netty's default headers do, which the codec,
 * the rules and the encoders were written against: each case runs the same operations on both and
 * compares what they answer and hold, in order.
 */
class CompactHeadersTest {
    private static final Object REFUSED = "refused";

    @Test
    void duplicatesKeepTheirOrderAndNamesCompareWithoutCase() {
        sameOnBoth(h -> {
            h.add("Accept", "a").add("X-Id", "1").add("accept", "b").add(HttpHeaderNames.ACCEPT, "c");
            return List.of(h.get("ACCEPT"), h.getAll("accept"), h.getAll(HttpHeaderNames.ACCEPT), h.contains("x-ID"),
                    h.get("missing") == null, h.getAll("missing"), h.size(), List.copyOf(h.names()));
        });
    }

    @Test
    void setReplacesEveryFieldOfTheNameAndAppendsTheNewOneLast() {
        sameOnBoth(h -> {
            h.add("Connection", "keep-alive").add("Host", "x").add("connection", "te").set(HttpHeaderNames.CONNECTION, "close");
            h.set("Via", List.of("1.1 a", "1.1 b")).add("Via", List.of("1.1 c"));
            return List.of(h.get("connection"), h.getAll("via"));
        });
    }

    @Test
    void removeTakesEveryFieldOfTheNameAndClearEmpties() {
        sameOnBoth(h -> {
            h.add("A", "1").add("B", "2").add("a", "3").add("C", "4").remove("A");
            List<Object> seen = new ArrayList<>(List.of(h.contains("a"), h.size(), h.isEmpty()));
            h.remove(HttpHeaderNames.HOST);
            seen.add(h.size());
            h.clear();
            seen.addAll(List.of(h.isEmpty(), h.size()));
            h.add("D", "5");
            seen.add(h.get("d"));
            return seen;
        });
    }

    @Test
    void containsComparesWholeValuesAndContainsValueListItems() {
        sameOnBoth(h -> {
            h.add("Transfer-Encoding", "gzip, Chunked").add("Cache-Control", "no-cache");
            return List.of(h.contains("transfer-encoding", "chunked", true),
                    h.contains(HttpHeaderNames.CACHE_CONTROL, "NO-CACHE", true),
                    h.contains(HttpHeaderNames.CACHE_CONTROL, "NO-CACHE", false),
                    h.contains(HttpHeaderNames.CACHE_CONTROL, "no-cache", false),
                    h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true),
                    h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, false));
        });
    }

    @Test
    void valuesGivenAsObjectsAndReadAsNumbersOrDates() {
        Date date = new Date(1_700_000_000_000L);
        sameOnBoth(h -> {
            h.add("Content-Length", 42).addInt("X-Int", 7).addShort("X-Short", (short) 3).add("Date", date)
                    .add("X-Bad", "7x").setInt("X-Set", 9);
            return List.of(h.getInt("content-length"), h.getInt("x-bad") == null, h.getInt("missing", -1),
                    h.getShort("x-short"), h.getTimeMillis("date"), refusal(() -> h.getTimeMillis("x-bad", -1L)), h.get("x-set"));
        });
    }

    @Test
    void iterationGivesTheFieldsInTheirOrderAsStoredAndAsStrings() {
        sameOnBoth(h -> {
            h.add(new AsciiString("Host"), "example").add("X-A", new AsciiString("1")).add("x-a", "2");
            List<String> seen = new ArrayList<>();
            h.iteratorCharSequence().forEachRemaining(e -> seen.add(e.getKey() + "=" + e.getValue()));
            h.forEach(e -> seen.add(e.getKey() + "=" + e.getValue()));
            h.valueStringIterator("X-A").forEachRemaining(seen::add);
            return List.of(seen, h.entries().toString(), h.copy().entries().toString());
        });
    }

    @Test
    void invalidNamesAndValuesAreRefusedWithNettysWording() {
        sameOnBoth(h -> List.of(refusal(() -> h.add("Bad Name", "x")), refusal(() -> h.add("X", "a\r\nInjected: 1")),
                refusal(() -> h.set("", "x")), refusal(() -> h.add("X", (Object) null)), h.size()));
    }

    @Test
    void trailersRefuseTheFramingFieldsAsNettysDo() {
        sameOnBoth(DefaultHttpHeadersFactory.trailersFactory(), CompactHeaders.TRAILERS,
                h -> List.of(refusal(() -> h.add("Content-Length", "1")), refusal(() -> h.add("transfer-encoding", "chunked")),
                        h.add("X-Checksum", "abc").get("x-checksum")));
    }

    @Test
    void aResponseHeadIsEncodedToTheSameBytes() {
        sameOnBoth(h -> {
            h.add("Content-Type", "text/plain").add(HttpHeaderNames.CONTENT_LENGTH, new AsciiString("5")).add("Set-Cookie", "a=1")
                    .add("set-cookie", "b=2");
            EmbeddedChannel encoder = new EmbeddedChannel(new ProxyResponseEncoder());
            encoder.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h));
            ByteBuf bytes = encoder.readOutbound();
            try {
                return bytes.toString(StandardCharsets.US_ASCII);
            } finally {
                bytes.release();
                encoder.finishAndReleaseAll();
            }
        });
    }

    @Test
    void headsSizedAsThePreviousOneHoldAnyNumberOfFields() {
        HttpHeadersFactory connection = CompactHeaders.sizedAsPrevious();
        for (int fields : new int[] {3, 1, 0, 12, 2}) {
            HttpHeaders h = connection.newHeaders();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                h.add("X-" + i, String.valueOf(i));
                expected.add("X-" + i + "=" + i);
            }
            assertThat(h.entries()).hasToString(expected.toString());
        }
    }

    private static void sameOnBoth(Function<HttpHeaders, Object> operations) {
        sameOnBoth(DefaultHttpHeadersFactory.headersFactory(), CompactHeaders.HEADERS, operations);
    }

    private static void sameOnBoth(HttpHeadersFactory netty, HttpHeadersFactory compact, Function<HttpHeaders, Object> operations) {
        HttpHeaders expected = netty.newHeaders();
        HttpHeaders actual = compact.newHeaders();
        Object nettyAnswers = operations.apply(expected);
        Object compactAnswers = operations.apply(actual);

        assertThat(compactAnswers).isEqualTo(nettyAnswers);
        assertThat(actual.entries()).isEqualTo(expected.entries());
    }

    private static Object refusal(Runnable operation) {
        Throwable t = catchThrowable(operation::run);
        return t == null ? "accepted" : List.of(REFUSED, t.getClass().getName(), String.valueOf(t.getMessage()));
    }
}
