package io.ganglion.agent.register;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET {@code uri} on the service; passes when the status is the expected one. */
final class HttpCheck implements HealthCheck {

    private final HttpClient client;
    private final HttpRequest request;
    private final int expectStatus;

    HttpCheck(String host, int port, String uri, int expectStatus, Duration timeout) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.request = HttpRequest.newBuilder(URI.create("http://" + authority + uri)).timeout(timeout).build();
        this.expectStatus = expectStatus;
    }

    @Override
    public CheckResult run() {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new CheckResult(status == expectStatus, "http " + status);
        } catch (IOException e) {
            return new CheckResult(false, "http " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(false, "http interrupted");
        }
    }
}
