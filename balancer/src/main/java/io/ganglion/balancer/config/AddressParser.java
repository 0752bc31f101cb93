package io.ganglion.balancer.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses {@code ADDR:PORT}, {@code *:PORT}, {@code :PORT}, {@code [::1]:PORT}, {@code ipv4@ADDR:PORT}
 * and {@code ipv6@ADDR:PORT}, with HAProxy's messages for bad ports and addresses.
 */
public final class AddressParser {
    private AddressParser() {
    }

    /** A host (still unresolved) and a port. */
    public record HostPort(String host, int port) {
    }

    /** Splits and checks the port; the host is returned as written (empty for {@code :PORT}). */
    public static HostPort split(String text) throws KeywordException {
        String body = stripFamily(text);
        int colon = body.lastIndexOf(':');
        boolean bracketed = body.startsWith("[");
        if (colon < 0 || (bracketed && colon < body.indexOf(']'))) {
            throw new KeywordException("missing port specification in '" + text + "'");
        }
        String host = body.substring(0, colon);
        if (bracketed) {
            if (!host.endsWith("]")) {
                throw new KeywordException("invalid address: '" + host + "' in '" + text + "'");
            }
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, port(body.substring(colon + 1), text));
    }

    /** Resolves a listening address: {@code *} and an empty host mean every IPv4 address. */
    public static InetSocketAddress bindAddress(String text) throws KeywordException {
        HostPort hp = split(text);
        if (hp.host().isEmpty() || hp.host().equals("*")) {
            return new InetSocketAddress(hp.port());
        }
        try {
            return new InetSocketAddress(literal(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new KeywordException("invalid address: '" + hp.host() + "' in '" + text + "'");
        }
    }

    /** Resolves a host name or address, the way a {@code server} line needs it. */
    public static InetAddress resolve(String host) throws UnknownHostException {
        return looksNumeric(host) ? literal(host) : InetAddress.getByName(host);
    }

    /**
     * Only literal addresses for numeric-looking text: {@code InetAddress.getByName("300.0.0.1")}
     * would try DNS, and a listener must never depend on DNS.
     */
    private static InetAddress literal(String host) throws UnknownHostException {
        if (host.contains(":")) {
            return InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]");
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new UnknownHostException(host);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                throw new UnknownHostException(host);
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                throw new UnknownHostException(host);
            }
            bytes[i] = (byte) v;
        }
        return InetAddress.getByAddress(host, bytes);
    }

    private static boolean looksNumeric(String host) {
        return host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static String stripFamily(String text) {
        if (text.startsWith("ipv4@") || text.startsWith("ipv6@")) {
            return text.substring(5);
        }
        return text;
    }

    private static int port(String digits, String whole) throws KeywordException {
        if (digits.isEmpty()) {
            throw new KeywordException("missing port specification in '" + whole + "'");
        }
        for (char c : digits.toCharArray()) {
            if (!Character.isDigit(c)) {
                throw new KeywordException("invalid character '" + c + "' in port number '" + digits + "' in '" + whole + "'");
            }
        }
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new KeywordException("invalid port '" + digits + "'");
        }
        return port;
    }
}
