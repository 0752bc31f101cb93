package io.ganglion.balancer.rules;

import io.ganglion.balancer.config.Setting;
import java.util.HashMap;
import java.util.Map;

/**
 * The named ACLs of one proxy as its lines declare them; a condition finds them here by name
 * (then among HAProxy's predefined ones). Built while the proxy's section is read.
 */
public final class ProxyAcls {
    static final Setting<ProxyAcls> SETTING = Setting.of("acls", null);

    private final Map<String, Acl> byName = new HashMap<>();

    Acl get(String name) {
        return byName.get(name);
    }

    Acl getOrCreate(String name) {
        return byName.computeIfAbsent(name, Acl::new);
    }
}
