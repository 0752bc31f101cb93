package io.ganglion.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One server line of {@code show servers state} (the server-state-file format), every field by
 * its header name. Numeric codes are kept as HAProxy writes them; the helpers read the admin
 * bitmask the way HAProxy does (maint mask 0x23, drain mask 0x18).
 */
public record ServerState(Map<String, String> fields) {

    public ServerState {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /**
     * Parses the whole answer: line 1 is the format version, line 2 {@code # } and the column
     * names, then one line per server with single-space-separated fields ({@code -} for empty).
     */
    public static List<ServerState> parseAll(String text) {
        List<String> lines = text.lines().filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return List.of();
        }
        if (lines.size() < 2 || !lines.get(1).startsWith("# ")) {
            throw new IllegalArgumentException("show servers state must start with a version line and a '# ' header, got: "
                    + lines.get(0));
        }
        String[] names = lines.get(1).substring(2).split(" ");
        List<ServerState> states = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] values = line.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                fields.put(names[i], i < values.length ? values[i] : "-");
            }
            states.add(new ServerState(fields));
        }
        return List.copyOf(states);
    }

    /** A field's text, "-" when absent. */
    public String get(String field) {
        return fields.getOrDefault(field, "-");
    }

    /** A numeric field, or -1 when absent or not a number. */
    public int number(String field) {
        try {
            return Integer.parseInt(get(field));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String backendName() {
        return get("be_name");
    }

    public int backendId() {
        return number("be_id");
    }

    public String serverName() {
        return get("srv_name");
    }

    public int serverId() {
        return number("srv_id");
    }

    public String address() {
        return get("srv_addr");
    }

    public int port() {
        return number("srv_port");
    }

    /** 0 stopped, 1 starting, 2 running, 3 stopping. */
    public int operationalState() {
        return number("srv_op_state");
    }

    /** Bitmask: 0x01 forced maint, 0x02 inherited maint, 0x04 config maint, 0x08 forced drain, 0x10 inherited drain, 0x20 DNS maint. */
    public int adminState() {
        return number("srv_admin_state");
    }

    public int userWeight() {
        return number("srv_uweight");
    }

    public int initialWeight() {
        return number("srv_iweight");
    }

    public int checkHealth() {
        return number("srv_check_health");
    }

    public int checkPort() {
        return number("srv_check_port");
    }

    public boolean inMaintenance() {
        return (adminState() & 0x23) != 0;
    }

    public boolean draining() {
        return (adminState() & 0x18) != 0;
    }
}
