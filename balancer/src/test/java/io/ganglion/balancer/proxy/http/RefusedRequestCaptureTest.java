package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.session.ParseStop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes the client decoder keeps of a refused request for {@code show errors} when it arrives
 * over several reads (the live comparison with HAProxy, ShowErrorsComparisonTest, sends each case
 * in one write): the whole request from its first byte, whatever Netty did with its buffer
 * between the reads, and nothing held once a valid head is decoded.
 */
class RefusedRequestCaptureTest {
    private record Refusal(String bytes, ParseStop stop) {
    }

    private final List<Refusal> refusals = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ClientRequestDecoder(new HttpDecoderConfig(),
            (bytes, stop) -> refusals.add(new Refusal(new String(bytes, StandardCharsets.ISO_8859_1), stop))));

    @Test
    void aHeadRefusedAfterSeveralReadsIsCapturedFromItsFirstByte() {
        // The second piece ends on a line end: Netty consumes it whole and may free its buffer.
        read("GET / HTTP/1.1\r\nHo", "st: x\r\n", "Bad ", "Header\r\n\r\n");

        assertThat(refusals).containsExactly(new Refusal("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                new ParseStop(28, "MSG_HDR_NAME", 17)));
    }

    @Test
    void aRefusedRequestAfterAValidOneIsCapturedAlone() {
        read("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HT", "TP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\nx");

        assertThat(refusals).containsExactly(new Refusal("GET /2 HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\nx",
                new ParseStop(42, "MSG_HDR_L2_LWS", 24)));
    }

    @Test
    void aValidHeadOverSeveralReadsHoldsNoBufferOnceDecoded() {
        // Each piece ends on a line end, so Netty has consumed it whole: only this class could hold it.
        List<ByteBuf> pieces = read("GET / HTTP/1.1\r\n", "Host: x\r\n", "X-A: b\r\n", "\r\n");

        assertThat(refusals).isEmpty();
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.refCnt()).isZero());
    }

    @Test
    void aBodyRefusedInALaterReadIsCapturedFromThatRead() {
        read("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "zz\r\n0\r\n\r\n");

        assertThat(refusals).containsExactly(new Refusal("zz\r\n0\r\n\r\n", new ParseStop(0, "MSG_CHUNK_SIZE", 26, 0, 0)));
    }

    @Test
    void aBodyRefusedInALaterReadAfterAGoodChunkIsPlacedAtItsChunkSizeLine() {
        read("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "3\r\nabc\r\nzz\r\n0\r\n\r\n");

        assertThat(refusals).containsExactly(new Refusal("3\r\nabc\r\nzz\r\n0\r\n\r\n", new ParseStop(8, "MSG_CHUNK_SIZE", 26, 0, 0)));
    }

    /** Each piece is one read; returns the buffers handed to the decoder. */
    private List<ByteBuf> read(String... pieces) {
        List<ByteBuf> buffers = new ArrayList<>();
        for (String piece : pieces) {
            ByteBuf buf = Unpooled.copiedBuffer(piece, StandardCharsets.ISO_8859_1);
            buffers.add(buf);
            channel.writeInbound(buf);
        }
        return buffers;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }
}
