package io.ganglion.registry.consul;

import com.ecwid.consul.UrlParameters;
import com.ecwid.consul.transport.HttpResponse;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.Request;
import java.io.Closeable;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * consul-api's raw client over an HTTP client we own, so that the read timeout fits blocking queries
 * and {@link #close()} aborts a query in flight. Thread-safe (the pooled Apache client is).
 */
final class ConsulHttp implements Closeable {

    private final ConsulConnection connection;
    private final CloseableHttpClient http;
    private final ConsulRawClient raw;

    ConsulHttp(ConsulConnection connection, Duration readTimeout) {
        this.connection = connection;
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(Math.toIntExact(connection.connectTimeout().toMillis()))
                .setConnectionRequestTimeout(Math.toIntExact(connection.connectTimeout().toMillis()))
                .setSocketTimeout(Math.toIntExact(readTimeout.toMillis()))
                .build();
        this.http = HttpClientBuilder.create().setDefaultRequestConfig(timeouts).disableAutomaticRetries().build();
        String host = connection.agent().getScheme() + "://" + connection.agent().getHost();
        int port = connection.agent().getPort() > 0 ? connection.agent().getPort() : ConsulRawClient.DEFAULT_PORT;
        this.raw = new ConsulRawClient(host, port, http);
    }

    HttpResponse get(String endpoint, List<String> encodedParameters) {
        return raw.makeGetRequest(request(endpoint, encodedParameters, null));
    }

    /** @param body JSON, or null for none */
    HttpResponse put(String endpoint, String body) {
        return raw.makePutRequest(request(endpoint, List.of(), body == null ? "" : body));
    }

    private Request request(String endpoint, List<String> parameters, String body) {
        List<String> copy = new ArrayList<>(parameters);
        UrlParameters urlParameters = () -> copy;
        Request.Builder builder = Request.Builder.newBuilder().setEndpoint(endpoint).addUrlParameter(urlParameters);
        connection.currentToken().ifPresent(builder::setToken);
        if (body != null) {
            // consul-api sends PUT bodies from the binary content (a null one fails in its transport).
            builder.setBinaryContent(body.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
