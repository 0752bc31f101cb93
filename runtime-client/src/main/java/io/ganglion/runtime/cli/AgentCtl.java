package io.ganglion.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code ganglion ctl release B/S} and {@code ganglion ctl audit [B[/S]]}: questions for the agent,
 * not for the balancer, so they go to the agent's status endpoint over HTTP ({@code --agent
 * HOST:PORT}, by default the agent's default {@code 127.0.0.1:9901}). runtime-client knows nothing
 * of the agent's classes: the endpoint's paths and JSON are the contract.
 *
 * <pre>
 *   AgentCtl.release("127.0.0.1:9901", "be_api/g-web1_10.0.0.5:8080", System.out, System.err);
 *   AgentCtl.audit("127.0.0.1:9901", "be_api", System.out, System.err);
 * </pre>
 * Exit codes as ctl's: 0 done, 1 the agent refused or could not be reached, 2 a malformed argument.
 */
public final class AgentCtl {

    public static final String DEFAULT_AGENT = "127.0.0.1:9901";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentCtl() {
    }

    /** Hands an operator override on {@code backend/server} back to the agent. */
    public static int release(String agent, String backendSlashServer, PrintStream out, PrintStream err) {
        int slash = backendSlashServer.indexOf('/');
        if (slash <= 0 || slash == backendSlashServer.length() - 1) {
            err.println("ctl release: expected BACKEND/SERVER, got '" + backendSlashServer + "'");
            return CtlMain.USAGE;
        }
        String query = "backend=" + encode(backendSlashServer.substring(0, slash))
                + "&server=" + encode(backendSlashServer.substring(slash + 1));
        return call(agent, "POST", "/release?" + query, out, err);
    }

    /** Prints the agent's audit trail (JSON, oldest first), all of it or one backend's or one server's. */
    public static int audit(String agent, String filter, PrintStream out, PrintStream err) {
        String query = "";
        if (filter != null && !filter.isEmpty()) {
            int slash = filter.indexOf('/');
            query = slash < 0 ? "?backend=" + encode(filter)
                    : "?backend=" + encode(filter.substring(0, slash)) + "&server=" + encode(filter.substring(slash + 1));
        }
        return call(agent, "GET", "/audit" + query, out, err);
    }

    private static int call(String agent, String method, String pathAndQuery, PrintStream out, PrintStream err) {
        URI uri;
        try {
            uri = URI.create("http://" + agent + pathAndQuery);
        } catch (IllegalArgumentException e) {
            err.println("ctl: '" + agent + "' is not HOST:PORT of an agent's status endpoint");
            return CtlMain.USAGE;
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                err.print("ctl: the agent at " + agent + " answered " + response.statusCode() + ": " + response.body());
                return CtlMain.RUNTIME_ERROR;
            }
            out.print(response.body());
            return CtlMain.OK;
        } catch (IOException e) {
            err.println("ctl: cannot reach the agent at " + agent + ": " + e);
            return CtlMain.RUNTIME_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CtlMain.RUNTIME_ERROR;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
