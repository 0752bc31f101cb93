package io.ganglion.registry.zookeeper;

import io.ganglion.registry.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a SmartStack record into an {@link Endpoint}, named the way Synapse names its servers. */
final class SmartStackEndpoints {

    private SmartStackEndpoints() {
    }

    static Endpoint toEndpoint(String znodeName, SmartStackRecord record) {
        Map<String, String> meta = new LinkedHashMap<>();
        record.otherFields().forEach((key, value) -> meta.put(key, SmartStackJson.asText(value)));
        if (!record.name().isEmpty()) {
            meta.put(Endpoint.META_NAME, record.name());
        }
        record.haproxyServerOptions().ifPresent(o -> meta.put(Endpoint.META_HAPROXY_SERVER_OPTIONS, o));
        meta.put(Endpoint.META_ZNODE, znodeName);
        return new Endpoint(
                synapseName(record),
                record.host(),
                record.port(),
                record.weight().orElse(Endpoint.DEFAULT_WEIGHT),
                List.of(),
                record.labels(),
                meta);
    }

    /**
     * Synapse's {@code construct_name}: {@code <name>_<host>:<port>}, or {@code <host>:<port>} without
     * a name. It survives Nerve re-creating the znode under a new sequence number.
     */
    static String synapseName(SmartStackRecord record) {
        String address = record.host() + ":" + record.port();
        return record.name().isEmpty() ? address : record.name() + "_" + address;
    }
}
