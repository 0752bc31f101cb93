package io.ganglion.balancer.session;

import io.ganglion.balancer.config.BindSpec;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a connection's side of a {@link StreamSnapshot} from its Netty channel, as HAProxy names it. */
public final class StreamSides {
    private static final int START_LINE_RECORD = 20;
    private static final int END_OF_HEAD = 1;
    private StreamSides() {
    }

    /** The client side: the peer's address. */
    public static StreamSnapshot.Side client(Channel channel) {
        return side(channel, channel.remoteAddress());
    }

    /** The server side: this end's own address (HAProxy prints the backend connection's source). */
    public static StreamSnapshot.Side local(Channel channel) {
        return side(channel, channel.localAddress());
    }

    /** The server's address, {@code host:port}. */
    public static String address(Channel channel) {
        return text(channel.remoteAddress());
    }

    /** A listener: its number among the frontend's {@code bind} lines, from 1, and its address. */
    public record Listener(int id, String address) {
    }

    /** The bind line that accepted {@code client}: the one with its local port, on its address or a wildcard. */
    public static Listener listener(List<BindSpec> binds, Channel client) {
        if (client.localAddress() instanceof InetSocketAddress local) {
            for (int i = 0; i < binds.size(); i++) {
                InetSocketAddress bound = binds.get(i).address();
                if (bound.getPort() == local.getPort()
                        && (bound.getAddress().isAnyLocalAddress() || bound.getAddress().equals(local.getAddress()))) {
                    return new Listener(i + 1, text(bound));
                }
            }
        }
        return new Listener(0, text(client.localAddress()));
    }

    /**
     * What HAProxy 2.6 counts in {@code show sess}'s request {@code total} for a request head: not
     * its bytes on the wire but the head in HAProxy's internal form, measured on its answers (the
     * same head gives the same total whatever its spacing): 20 bytes of start-line record, the
     * method, URI and version, each header's name and value, and 1 for the end of the head.
     */
    public static long requestHeadTotal(HttpRequest request) {
        long total = START_LINE_RECORD + request.method().name().length() + request.uri().length()
                + request.protocolVersion().text().length() + END_OF_HEAD;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            total += header.getKey().length() + header.getValue().length();
        }
        return total;
    }

    /** HAProxy's method numbers ({@code enum http_meth_t}), which {@code show sess ID} prints. */
    public static int methodNumber(String method) {
        return switch (method) {
            case "OPTIONS" -> 0;
            case "GET" -> 1;
            case "HEAD" -> 2;
            case "POST" -> 3;
            case "PUT" -> 4;
            case "DELETE" -> 5;
            case "TRACE" -> 6;
            case "CONNECT" -> 7;
            default -> 8;
        };
    }

    private static StreamSnapshot.Side side(Channel channel, SocketAddress address) {
        // Only native transports have a descriptor; HAProxy's layout still wants a number.
        int fd = channel instanceof UnixChannel unix && unix.fd().isOpen() ? unix.fd().intValue() : -1;
        return new StreamSnapshot.Side(proto(address), text(address), fd);
    }

    private static String proto(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() instanceof Inet6Address ? "tcpv6" : "tcpv4";
        }
        return "unix_stream";
    }

    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
