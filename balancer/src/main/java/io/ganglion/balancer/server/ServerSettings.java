package io.ganglion.balancer.server;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.config.ServerSpec;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything about a server that the control side changes at run time, as one immutable value:
 * a change publishes a new instance, so readers always see a consistent set.
 *
 * @param address       where traffic goes (IP literal, resolved once when set)
 * @param weight        user weight 0..256 ({@code set server ... weight})
 * @param admin         READY, DRAIN or MAINT
 * @param health        operational state forced or observed: UP, DOWN, STOPPING
 * @param checksEnabled active checks configured and not disabled with {@code disable health}
 * @param checkPort     port the checks use (0 = the server's port)
 * @param maxconn       concurrent connections before queueing (0 = no limit)
 * @param slowstart     ramp-up time after coming UP; null = none
 * @param inherited     the admin state passed down by the tracked server ({@code track}): its DRAIN
 *                      or MAINT applies here too, as HAProxy's "inherited" admin flags; READY otherwise
 */
public record ServerSettings(
        InetSocketAddress address,
        int weight,
        AdminState admin,
        OperationalState health,
        boolean checksEnabled,
        int checkPort,
        int maxconn,
        Duration slowstart,
        AdminState inherited) {

    /** Settings of a server that tracks none. */
    public ServerSettings(InetSocketAddress address, int weight, AdminState admin, OperationalState health,
                          boolean checksEnabled, int checkPort, int maxconn, Duration slowstart) {
        this(address, weight, admin, health, checksEnabled, checkPort, maxconn, slowstart, AdminState.READY);
    }

    /** A configured server's settings before any change: as its options say, UP until a check says otherwise. */
    public static ServerSettings initial(ServerSpec spec) {
        return new ServerSettings(new InetSocketAddress(spec.host(), spec.port()), spec.get(ServerOptions.WEIGHT),
                spec.get(ServerOptions.DISABLED) ? AdminState.MAINT : AdminState.READY, OperationalState.UP,
                spec.get(CheckOptions.CHECK), spec.get(CheckOptions.CHECK_PORT), spec.get(ServerOptions.MAXCONN),
                spec.get(ServerOptions.SLOWSTART));
    }

    public ServerSettings withAddress(InetSocketAddress a) {
        return new ServerSettings(a, weight, admin, health, checksEnabled, checkPort, maxconn, slowstart, inherited);
    }

    public ServerSettings withWeight(int w) {
        return new ServerSettings(address, w, admin, health, checksEnabled, checkPort, maxconn, slowstart, inherited);
    }

    public ServerSettings withAdmin(AdminState s) {
        return new ServerSettings(address, weight, s, health, checksEnabled, checkPort, maxconn, slowstart, inherited);
    }

    public ServerSettings withHealth(OperationalState h) {
        return new ServerSettings(address, weight, admin, h, checksEnabled, checkPort, maxconn, slowstart, inherited);
    }

    public ServerSettings withChecksEnabled(boolean e) {
        return new ServerSettings(address, weight, admin, health, e, checkPort, maxconn, slowstart, inherited);
    }

    public ServerSettings withCheckPort(int p) {
        return new ServerSettings(address, weight, admin, health, checksEnabled, p, maxconn, slowstart, inherited);
    }

    public ServerSettings withMaxconn(int m) {
        return new ServerSettings(address, weight, admin, health, checksEnabled, checkPort, m, slowstart, inherited);
    }

    public ServerSettings withInherited(AdminState i) {
        return new ServerSettings(address, weight, admin, health, checksEnabled, checkPort, maxconn, slowstart, i);
    }

    /** The admin state in force: the server's own, or the tracked server's when that is stronger. */
    public AdminState effectiveAdmin() {
        return inherited.compareTo(admin) > 0 ? inherited : admin;
    }

    /** Usable for new traffic, before weights are considered. */
    public boolean acceptsNewTraffic() {
        return effectiveAdmin() == AdminState.READY && health == OperationalState.UP;
    }
}
