package io.ganglion.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One instance of a service, as a registry announced it. Immutable.
 *
 * <p>{@code id} is stable for as long as the instance is the same instance: ZooKeeper endpoints use
 * Synapse's server name ({@code <name>_<host>:<port>}, or {@code <host>:<port>} without a name), so a
 * node that Nerve re-creates after a session expiry keeps its id; Consul endpoints use
 * {@code <node>/<service id>}. Two endpoints of one snapshot never share an id.
 *
 * @param id     stable identity within the service, never blank
 * @param host   address to connect to (name, IPv4 or IPv6 literal without brackets)
 * @param port   1 to 65535
 * @param weight relative weight, 0 or more; {@link #DEFAULT_WEIGHT} when the registry gave none
 * @param tags   Consul service tags, in the registry's order (empty for ZooKeeper)
 * @param labels SmartStack labels (empty for Consul)
 * @param meta   everything else the registry said about the instance, as text: Consul's service
 *               meta; for ZooKeeper the keys named by the {@code META_*} constants and any key of
 *               the JSON record that SmartStack does not define (its JSON value, strings unquoted)
 */
public record Endpoint(
        String id,
        String host,
        int port,
        int weight,
        List<String> tags,
        Map<String, String> labels,
        Map<String, String> meta) {

    /** HAProxy's default server weight, used when the registry says nothing. */
    public static final int DEFAULT_WEIGHT = 1;
    /** ZooKeeper: the {@code name} field of the record (Nerve's {@code instance_id}). */
    public static final String META_NAME = "name";
    /** ZooKeeper: raw HAProxy server keywords from the record, appended to the server line. */
    public static final String META_HAPROXY_SERVER_OPTIONS = "haproxy_server_options";
    /** ZooKeeper: the child znode's name, e.g. {@code i-0abc_0000000042}. */
    public static final String META_ZNODE = "znode";

    public Endpoint {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        if (id.isBlank()) {
            throw new IllegalArgumentException("endpoint id must not be blank");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("endpoint host must not be blank (id " + id + ")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be 1 to 65535, got " + port + " (id " + id + ")");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("endpoint weight must be 0 or more, got " + weight + " (id " + id + ")");
        }
        tags = List.copyOf(requireNonNull(tags, "tags"));
        labels = Map.copyOf(requireNonNull(labels, "labels"));
        meta = Map.copyOf(requireNonNull(meta, "meta"));
    }

    /** {@code host:port}, with an IPv6 literal in brackets: what HAProxy's {@code server} line takes. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
