package io.ganglion.agent.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import io.ganglion.registry.Endpoint;

/**
 * Server names derived from the endpoint alone, so that a restarted agent recognises the servers
 * it created: {@code g-} and the endpoint's id with every character HAProxy refuses in a name
 * replaced by {@code _}. When anything was replaced, a checksum of the original id follows, so
 * that two ids differing only in such characters still get two names.
 *
 * <pre>
 *   i-0abc_10.0.0.5:8080   →  g-i-0abc_10.0.0.5:8080
 *   node1/web-1            →  g-node1_web-1-5d1c7e1a
 * </pre>
 */
public final class ServerNames {

    /** Only the agent's servers carry it: any other server in a backend is someone else's. */
    public static final String PREFIX = "g-";

    private ServerNames() {
    }

    public static String of(Endpoint endpoint) {
        String id = endpoint.id();
        StringBuilder name = new StringBuilder(PREFIX);
        boolean replaced = false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            name.append(allowed ? c : '_');
            replaced |= !allowed;
        }
        if (replaced) {
            CRC32 crc = new CRC32();
            crc.update(id.getBytes(StandardCharsets.UTF_8));
            name.append('-').append(String.format("%08x", crc.getValue()));
        }
        return name.toString();
    }

    public static boolean isAgents(String serverName) {
        return serverName.startsWith(PREFIX);
    }
}
