package io.ganglion.balancer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Sends exact bytes over a plain socket and reads until the peer closes: for malformed requests and chosen source addresses. */
public final class RawHttp {
    private RawHttp() {
    }

    /** Sends {@code request} from {@code localAddress} (e.g. 127.0.0.7) and returns everything read until EOF. */
    public static String exchange(String localAddress, int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int k;
            while ((k = in.read(buf)) > 0) {
                out.write(buf, 0, k);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** What arrives until the end of the stream, a reset ending it too (HAProxy resets a refused connection: SO_LINGER 0). */
    public static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // reset: what came before it is all there is
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one response framed by its {@code content-length}, as curl does, and leaves the
     * connection open: a server that keeps it alive is not waited for until it closes.
     */
    public static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed within the response head: " + head);
            }
            head.append((char) c);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\ncontent-length:");
        if (at < 0) {
            throw new IOException("no content-length in " + head);
        }
        int length = Integer.parseInt(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    public static String get(String localAddress, int port, String path) throws IOException {
        String answer = exchange(localAddress, port, "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        int body = answer.indexOf("\r\n\r\n");
        return body < 0 ? answer : answer.substring(body + 4);
    }
}
