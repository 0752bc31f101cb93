package io.ganglion.registry.zookeeper;

import io.ganglion.registry.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes child znodes into endpoints, remembering each result by znode and modification zxid so
 * that an unchanged node is decoded once and a malformed one is logged once (per version), not on
 * every snapshot. Not thread-safe: owned by one watcher's worker thread.
 */
final class RecordDecoder {

    private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);

    private record Decoded(long mzxid, Optional<Endpoint> endpoint) {
    }

    private final String service;
    private final Map<String, Decoded> byZnode = new HashMap<>();

    RecordDecoder(String service) {
        this.service = service;
    }

    /** The endpoint of a child znode, or empty if its data is malformed (logged the first time). */
    Optional<Endpoint> decode(String znodeName, ChildData child) {
        long mzxid = child.getStat().getMzxid();
        Decoded known = byZnode.get(znodeName);
        if (known != null && known.mzxid() == mzxid) {
            return known.endpoint();
        }
        Optional<Endpoint> endpoint;
        try {
            endpoint = Optional.of(SmartStackEndpoints.toEndpoint(znodeName, SmartStackJson.read(child.getData())));
        } catch (MalformedRecordException e) {
            log.warn("Service {}: skipping znode {} (version {}): {}",
                    service, child.getPath(), child.getStat().getVersion(), e.getMessage());
            endpoint = Optional.empty();
        }
        byZnode.put(znodeName, new Decoded(mzxid, endpoint));
        return endpoint;
    }

    /** Forgets znodes that are gone, so memory follows the service's size. */
    void retainOnly(Set<String> znodeNames) {
        byZnode.keySet().retainAll(znodeNames);
    }
}
