package io.ganglion.balancer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One command over a unix stats socket, non-interactive, the way {@code socat stdio UNIX:...} sends it. */
public final class StatsSocket {
    private StatsSocket() {
    }

    /** Sends {@code command} and a line feed, then reads the whole answer (the server closes). */
    public static String send(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code show info}'s fields by name, in its order. */
    public static Map<String, String> showInfo(Path socket) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : send(socket, "show info").split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return out;
    }
}
