package io.ganglion.registry.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the Consul HTTP API, on the JDK's HTTP server, following Consul's documented
 * semantics for what Ganglion uses:
 * <ul>
 *   <li>{@code GET /v1/health/service/:name} with {@code passing}, {@code tag}, {@code dc}, and
 *       blocking on {@code index} up to {@code wait} (default 5 min), answering {@code X-Consul-Index};
 *   <li>{@code PUT /v1/agent/service/register} with one HTTP, TCP or TTL check (check id
 *       {@code service:<id>}), {@code DeregisterCriticalServiceAfter}; {@code PUT
 *       /v1/agent/service/deregister/:id}; {@code PUT /v1/agent/check/pass|fail/:check_id};
 *   <li>HTTP checks (2xx passing, 429 warning, else critical) and TCP checks are really run every
 *       {@code Interval}; TTL checks start critical and turn critical when not refreshed in time;
 *   <li>ACL: with {@link #requireToken}, a request without the token gets 403 "ACL not found".
 * </ul>
 * Faults to inject, one per health request, in order: {@link #fail500}, {@link #malformedJson},
 * {@link #slowAnswer}, {@link #omitIndex}; {@link #resetIndex} makes the index go backwards.
 * All state is guarded by {@code this}; blocked queries wait on it.
 *
 * <p>In main code, not test code, because {@code ./ganglion example consul-bundled} runs it in place of
 * a Consul agent, so that the example runs on a machine without Consul; the agent's and this module's
 * tests use it too. Nothing in the library refers to it.
 */
public final class ConsulApiDouble implements AutoCloseable {

    /** The node of the local agent: services registered through {@code /v1/agent/service/register} live here. */
    public static final String NODE = "double-node";
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum CheckKind { HTTP, TCP, TTL, NONE }

    private static final class Instance {
        final String node;
        final String nodeAddress;
        final JsonNode service; // ID, Service, Tags, Address, Port, Meta, Weights
        CheckKind kind = CheckKind.NONE;
        String target;
        Duration interval;
        Duration ttl;
        Duration deregisterAfter;
        String status = "passing";
        long statusSince = System.nanoTime();
        long ttlDeadline;

        Instance(String node, String nodeAddress, JsonNode service) {
            this.node = node;
            this.nodeAddress = nodeAddress;
            this.service = service;
        }
    }

    private sealed interface Fault permits Status500, Malformed, Slow, NoIndex {
    }

    private record Status500() implements Fault {
    }

    private record Malformed() implements Fault {
    }

    private record Slow(Duration delay) implements Fault {
    }

    private record NoIndex() implements Fault {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient checkClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Instance> instances = new LinkedHashMap<>(); // by node + "/" + id
    private final Map<String, Long> serviceIndex = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Long> healthIndexParams = new ArrayList<>();
    private final AtomicInteger healthRequests = new AtomicInteger();
    private long raftIndex = 10;
    private String requiredToken;

    /** On a free loopback port (tests). */
    public ConsulApiDouble() throws IOException {
        this(0);
    }

    /** On this loopback port: 8500, Consul's, in place of a local Consul agent (the examples). */
    public ConsulApiDouble(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(handlers);
        server.createContext("/v1/", this::handle);
        server.start();
        checker.scheduleWithFixedDelay(this::runChecks, 50, 50, TimeUnit.MILLISECONDS);
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // --- test controls ---------------------------------------------------------------------------

    /** An instance on another node, passing. */
    public synchronized void putInstance(String node, String id, String name, String address, int port, List<String> tags, Integer weight) {
        ObjectNode service = JSON.createObjectNode().put("ID", id).put("Service", name).put("Address", address).put("Port", port);
        ArrayNode tagArray = service.putArray("Tags");
        tags.forEach(tagArray::add);
        service.putObject("Meta").put("version", "1");
        if (weight != null) {
            service.putObject("Weights").put("Passing", weight).put("Warning", 1);
        }
        instances.put(node + "/" + id, new Instance(node, "10.9.9.9", service));
        changed(name);
    }

    public synchronized void removeInstance(String node, String id) {
        Instance gone = instances.remove(node + "/" + id);
        if (gone != null) {
            changed(gone.service.path("Service").asText());
        }
    }

    /** The index goes backwards, as after a snapshot restore. */
    public synchronized void resetIndex(long to) {
        raftIndex = to;
        serviceIndex.replaceAll((name, index) -> to);
        notifyAll();
    }

    public synchronized void requireToken(String token) {
        requiredToken = token;
    }

    public synchronized void fail500(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Status500());
        }
    }

    public synchronized void malformedJson() {
        faults.add(new Malformed());
    }

    public synchronized void slowAnswer(Duration delay) {
        faults.add(new Slow(delay));
    }

    public synchronized void omitIndex() {
        faults.add(new NoIndex());
    }

    public int healthRequests() {
        return healthRequests.get();
    }

    public synchronized List<Long> healthIndexParams() {
        return List.copyOf(healthIndexParams);
    }

    public synchronized boolean isRegistered(String id) {
        return instances.containsKey(NODE + "/" + id);
    }

    public synchronized long indexOf(String service) {
        return serviceIndex.getOrDefault(service, 1L);
    }

    // --- HTTP ------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String token = exchange.getRequestHeaders().getFirst("X-Consul-Token");
            synchronized (this) {
                if (requiredToken != null && !requiredToken.equals(token)) {
                    respond(exchange, 403, "ACL not found", null);
                    return;
                }
            }
            if (path.startsWith("/v1/health/service/") && exchange.getRequestMethod().equals("GET")) {
                health(exchange, path.substring("/v1/health/service/".length()), query);
            } else if (path.equals("/v1/agent/service/register") && exchange.getRequestMethod().equals("PUT")) {
                register(JSON.readTree(exchange.getRequestBody()));
                respond(exchange, 200, "", null);
            } else if (path.startsWith("/v1/agent/service/deregister/")) {
                removeInstance(NODE, path.substring("/v1/agent/service/deregister/".length()));
                respond(exchange, 200, "", null);
            } else if (path.startsWith("/v1/agent/check/pass/") || path.startsWith("/v1/agent/check/fail/")) {
                String[] parts = path.split("/", 6);
                boolean ok = updateTtl(parts[5], parts[4].equals("pass") ? "passing" : "critical");
                respond(exchange, ok ? 200 : 404, ok ? "" : "CheckID \"" + parts[5] + "\" does not have associated TTL", null);
            } else {
                respond(exchange, 404, "no handler for " + path, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void health(HttpExchange exchange, String name, Map<String, String> query) throws IOException, InterruptedException {
        healthRequests.incrementAndGet();
        long requested = query.containsKey("index") ? Long.parseLong(query.get("index")) : 0;
        Fault fault;
        String body;
        long index;
        synchronized (this) {
            healthIndexParams.add(requested);
            fault = faults.poll();
            if (query.containsKey("dc") && !query.get("dc").equals("dc1")) {
                respond(exchange, 500, "No path to datacenter", null);
                return;
            }
            long deadline = System.nanoTime() + parseWait(query.get("wait")).toNanos();
            while (requested > 0 && indexOf(name) <= requested && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            index = indexOf(name);
            body = healthBody(name, query.containsKey("passing"), query.get("tag"));
        }
        if (fault instanceof Slow slow) {
            Thread.sleep(slow.delay().toMillis()); // the double plays a slow server; this is not test synchronisation
        }
        if (fault instanceof Status500) {
            respond(exchange, 500, "rpc error: No cluster leader", null);
        } else if (fault instanceof Malformed) {
            respond(exchange, 200, "[{\"Node\":", index);
        } else {
            respond(exchange, 200, body, fault instanceof NoIndex ? null : index);
        }
    }

    private String healthBody(String name, boolean passingOnly, String tag) {
        ArrayNode entries = JSON.createArrayNode();
        for (Instance instance : instances.values()) {
            JsonNode service = instance.service;
            if (!service.path("Service").asText().equals(name)) {
                continue;
            }
            if (passingOnly && !instance.status.equals("passing")) {
                continue;
            }
            if (tag != null && !hasTag(service, tag)) {
                continue;
            }
            ObjectNode entry = entries.addObject();
            entry.putObject("Node").put("Node", instance.node).put("Address", instance.nodeAddress).put("Datacenter", "dc1");
            entry.set("Service", service);
            entry.putArray("Checks").addObject().put("CheckID", "service:" + service.path("ID").asText())
                    .put("Status", instance.status);
        }
        return entries.toString();
    }

    private static boolean hasTag(JsonNode service, String tag) {
        for (JsonNode t : service.path("Tags")) {
            if (t.asText().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void register(JsonNode body) {
        ObjectNode service = JSON.createObjectNode();
        String id = body.path("ID").asText(body.path("Name").asText());
        service.put("ID", id).put("Service", body.path("Name").asText()).put("Address", body.path("Address").asText(""))
                .put("Port", body.path("Port").asInt());
        service.set("Tags", body.path("Tags").isArray() ? body.path("Tags") : JSON.createArrayNode());
        service.set("Meta", body.path("Meta").isObject() ? body.path("Meta") : JSON.createObjectNode());
        if (body.path("Weights").isObject()) {
            service.set("Weights", body.path("Weights"));
        }
        Instance instance = new Instance(NODE, "127.0.0.1", service);
        JsonNode check = body.path("Check");
        if (check.hasNonNull("HTTP")) {
            instance.kind = CheckKind.HTTP;
            instance.target = check.get("HTTP").asText();
        } else if (check.hasNonNull("TCP")) {
            instance.kind = CheckKind.TCP;
            instance.target = check.get("TCP").asText();
        } else if (check.hasNonNull("TTL")) {
            instance.kind = CheckKind.TTL;
            instance.ttl = parseWait(check.get("TTL").asText());
            instance.ttlDeadline = System.nanoTime() + instance.ttl.toNanos();
        }
        if (instance.kind != CheckKind.NONE) {
            instance.status = "critical"; // Consul's initial check status
            instance.interval = check.hasNonNull("Interval") ? parseWait(check.get("Interval").asText()) : Duration.ofSeconds(10);
            if (check.hasNonNull("DeregisterCriticalServiceAfter")) {
                instance.deregisterAfter = parseWait(check.get("DeregisterCriticalServiceAfter").asText());
            }
        }
        instances.put(NODE + "/" + id, instance);
        changed(service.path("Service").asText());
    }

    private synchronized boolean updateTtl(String checkId, String status) {
        Instance instance = instances.get(NODE + "/" + checkId.replaceFirst("^service:", ""));
        if (instance == null || instance.kind != CheckKind.TTL) {
            return false;
        }
        instance.ttlDeadline = System.nanoTime() + instance.ttl.toNanos();
        setStatus(instance, status);
        return true;
    }

    /** Runs due HTTP/TCP checks (outside the lock), expires TTLs, reaps long-critical services. */
    private void runChecks() {
        List<Instance> active;
        synchronized (this) {
            active = new ArrayList<>(instances.values());
        }
        long now = System.nanoTime();
        for (Instance instance : active) {
            String status = switch (instance.kind) {
                case HTTP -> httpStatus(instance.target);
                case TCP -> tcpStatus(instance.target);
                case TTL -> now > instance.ttlDeadline ? "critical" : null;
                case NONE -> null;
            };
            synchronized (this) {
                if (status != null) {
                    setStatus(instance, status);
                }
                if (instance.deregisterAfter != null && instance.status.equals("critical")
                        && now - instance.statusSince > instance.deregisterAfter.toNanos()) {
                    removeInstance(instance.node, instance.service.path("ID").asText());
                }
            }
        }
    }

    private void setStatus(Instance instance, String status) {
        if (!instance.status.equals(status)) {
            instance.status = status;
            instance.statusSince = System.nanoTime();
            changed(instance.service.path("Service").asText());
        }
    }

    private String httpStatus(String url) {
        try {
            int code = checkClient.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return code >= 200 && code < 300 ? "passing" : code == 429 ? "warning" : "critical";
        } catch (IOException e) {
            return "critical";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tcpStatus(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 2000);
            return "passing";
        } catch (IOException e) {
            return "critical";
        }
    }

    private void changed(String service) {
        raftIndex++;
        serviceIndex.put(service, raftIndex);
        notifyAll();
    }

    private static void respond(HttpExchange exchange, int status, String body, Long index) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (index != null) {
            exchange.getResponseHeaders().add("X-Consul-Index", Long.toString(index));
        }
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Go durations as Consul takes them: 500ms, 10s, 5m. */
    static Duration parseWait(String text) {
        if (text == null) {
            return Duration.ofMinutes(5);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("bad duration " + text);
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                parameters.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
        checker.shutdownNow();
        handlers.shutdownNow();
    }
}
