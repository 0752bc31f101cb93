package io.ganglion.bench.jmh;

import io.ganglion.balancer.proxy.http.HeaderRewrite;
import io.ganglion.balancer.proxy.http.HttpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The HTTP header path of one request: its head decoded as a client connection decodes it, the
 * balancer's rewrite (hop-by-hop headers), and the head encoded for the server. {@code wrk} is the
 * benchmark's own request (two headers); {@code browser} a typical one (ten headers, a cookie).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class HttpHeaderBenchmark {
    private static final String WRK = "GET / HTTP/1.1\r\n"
            + "Host: 127.0.0.1:8080\r\n"
            + "\r\n";
    private static final String BROWSER = "GET /api/v1/items?id=42&sort=name HTTP/1.1\r\n"
            + "Host: app.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-GB,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Referer: https://app.example.com/items\r\n"
            + "Cookie: session=7f3a9c2e51b04d8e; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Cache-Control: max-age=0\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    @Param({"wrk", "browser"})
    public String head;

    private ByteBuf wire;
    private EmbeddedChannel fromClient;
    private EmbeddedChannel toServer;

    @Setup(Level.Trial)
    public void build() {
        byte[] bytes = (head.equals("wrk") ? WRK : BROWSER).getBytes(StandardCharsets.US_ASCII);
        wire = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        fromClient = new EmbeddedChannel(HttpSession.newRequestDecoder());
        toServer = new EmbeddedChannel(new HttpRequestEncoder());
    }

    @TearDown(Level.Trial)
    public void close() {
        fromClient.finishAndReleaseAll();
        toServer.finishAndReleaseAll();
        wire.release();
    }

    /** @return the bytes of the head sent to the server */
    @Benchmark
    public int headToServer() {
        fromClient.writeInbound(wire.retainedDuplicate());
        HttpRequest request = fromClient.readInbound();
        Object end = fromClient.readInbound(); // the empty body's end
        HeaderRewrite.forServer(request, null);
        toServer.writeOutbound(request, end);
        int bytes = 0;
        ByteBuf out;
        while ((out = toServer.readOutbound()) != null) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }
}
