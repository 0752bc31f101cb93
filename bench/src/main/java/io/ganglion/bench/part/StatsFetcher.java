package io.ganglion.bench.part;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a statistics answer from a balancer and counts its bytes as they arrive, without keeping
 * them (the exposition of 10,000 servers is tens of MB): the time is to the last byte.
 */
final class StatsFetcher {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    StatsFetcher(int port) {
        this.port = port;
    }

    record Fetched(long nanos, long bytes) {
    }

    Fetched fetch(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (InputStream in = response.body()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes += n;
                }
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return new Fetched(System.nanoTime() - start, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("fetching " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted fetching " + path, e);
        }
    }
}
