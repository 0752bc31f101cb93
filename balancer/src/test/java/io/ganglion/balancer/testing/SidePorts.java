package io.ganglion.balancer.testing;

import java.nio.file.Path;

/**
 * A port for each side of a {@link SameConfigPair}: the configuration function, called once per
 * side with that side's admin socket, takes the port of its side.
 */
public record SidePorts(int haproxy, int ours) {
    public static SidePorts free() {
        return new SidePorts(Ports.free(), Ports.free());
    }

    /** The port of the side whose admin socket is {@code socket}. */
    public int of(Path socket) {
        return SameConfigPair.isHaproxySocket(socket) ? haproxy : ours;
    }
}
