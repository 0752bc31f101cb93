package io.ganglion.balancer.stats.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.balancer.testing.RequiredTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol (a WebSocket to its page):
 * the test opens a URL, reads the live page with JavaScript and takes a screenshot. The browser
 * does everything else itself (the {@code refresh} header, a form's POST and its redirect).
 * Skipped without chromium on a developer's machine, failed in CI.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, int port) throws Exception {
        this.process = process;
        this.profile = profile;
        HttpClient http = HttpClient.newHttpClient();
        String pages = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String page = null;
        for (JsonNode target : json.readTree(pages)) {
            if (target.path("type").asText().equals("page")) {
                page = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (page == null) {
            throw new IOException("chromium shows no page: " + pages);
        }
        this.socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Replies()).get(10, TimeUnit.SECONDS);
    }

    /** Starts chromium on {@code url}. */
    static HeadlessChromium open(String url) throws Exception {
        RequiredTool.require(Files.isExecutable(BINARY), "chromium is not installed: skipping (apt-get install chromium)");
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1600,1000", url)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("chromium ended without its DevTools address"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(p, profile, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            stop(p);
            throw e;
        }
    }

    /** The value of a JavaScript expression on the page now, as text ("" when undefined). */
    String evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return r.path("result").path("value").asText("");
    }

    /** The page's pixels, as the browser shows them, into {@code file} (PNG). */
    void screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** Goes to {@code url}, as a user typing it. */
    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        socket.sendText(json.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** Matches the browser's replies to the calls by id; events are ignored. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = json.readTree(partial.toString());
                    CompletableFuture<JsonNode> reply = message.has("id") ? waiting.remove(message.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(message);
                    }
                } catch (IOException e) {
                    waiting.values().forEach(f -> f.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        stop(process);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Ends chromium and the processes it started (the wrapper script's child, its renderers). */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
