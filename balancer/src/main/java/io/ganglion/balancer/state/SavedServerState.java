package io.ganglion.balancer.state;

import java.net.InetAddress;
import java.util.List;

/**
 * What the server-state-file restores of one server, read from a format-1 line.
 *
 * @param address    null when the file says {@code -}
 * @param checkPort  0 when the line has no such column
 * @param agentState {@code srv_agent_state}'s bits (enabled: {@link ServerStateLine#AGENT_ENABLED})
 * @param agentAddr  null when the file says {@code -} or has no such column
 * @param agentPort  0 when the line has no such column
 */
record SavedServerState(String backend, String server, InetAddress address, int adminFlags, int userWeight,
        int initialWeight, int port, int checkPort, int agentState, String agentAddr, int agentPort) {

    /** HAProxy reads lines of 20 to 25 fields. */
    static final int MIN_FIELDS = 20;
    static final int MAX_FIELDS = 25;

    /** @throws IllegalArgumentException with the reason a line is unusable */
    static SavedServerState parse(String line) {
        List<String> f = List.of(line.trim().split(" +"));
        if (f.size() < MIN_FIELDS || f.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("expected " + MIN_FIELDS + " to " + MAX_FIELDS + " fields, got " + f.size());
        }
        String addr = f.get(4);
        InetAddress address = null;
        if (!addr.equals("-")) {
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("invalid srv_addr '" + addr + "'");
            }
            try {
                address = InetAddress.getByName(addr);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("invalid srv_addr '" + addr + "'");
            }
        }
        return new SavedServerState(f.get(1), f.get(3), address, number(f, 6, "srv_admin_state"),
                number(f, 7, "srv_uweight"), number(f, 8, "srv_iweight"), number(f, 18, "srv_port"),
                f.size() > 21 ? number(f, 21, "srv_check_port") : 0, number(f, 14, "srv_agent_state"),
                f.size() > 23 && !f.get(23).equals("-") ? f.get(23) : null,
                f.size() > 24 ? number(f, 24, "srv_agent_port") : 0);
    }

    private static int number(List<String> f, int index, String column) {
        try {
            int v = Integer.parseInt(f.get(index));
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + column + " '" + f.get(index) + "'");
        }
    }

    boolean maint() {
        return (adminFlags & (ServerStateLine.FORCED_MAINT | ServerStateLine.CONFIG_MAINT)) != 0;
    }

    boolean agentEnabled() {
        return (agentState & ServerStateLine.AGENT_ENABLED) != 0;
    }

    boolean drain() {
        return (adminFlags & ServerStateLine.FORCED_DRAIN) != 0;
    }
}
