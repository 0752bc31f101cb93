package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What HAProxy 2.6 answers to each Transfer-Encoding of a request (the live comparison: HttpFramingComparisonTest). */
class TransferCodingsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "chunked | 0", "CHUNKED | 0", "'chunked,' | 0",
        "identity | 400", "xchunked | 400", "'chunked, gzip' | 400", "'chunked, chunked' | 400", "gzip | 400",
        "'gzip, chunked' | 422"})
    void oneLine(String value, int refusal) {
        assertThat(TransferCodings.refusal(new DefaultHttpHeaders().add("Transfer-Encoding", value))).isEqualTo(refusal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"gzip | chunked | 422", "chunked | chunked | 400", "chunked | gzip | 400"})
    void twoLinesAreOneList(String first, String second, int refusal) {
        HttpHeaders h = new DefaultHttpHeaders().add("Transfer-Encoding", first).add("Transfer-Encoding", second);
        assertThat(TransferCodings.refusal(h)).isEqualTo(refusal);
    }

    @Test
    void noTransferEncodingIsAcceptable() {
        assertThat(TransferCodings.refusal(new DefaultHttpHeaders().add("Content-Length", "5"))).isZero();
    }
}
