package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_client} as the acceptance runs it: one HTTPS request
 * ({@code Connection: close}, so that the client ends when the server closes, after it has read
 * the TLS 1.3 tickets that follow the handshake), saving and/or offering a session.
 */
public final class OpensslClient {
    private static final Pattern SESSION = Pattern.compile("(?m)^(New|Reused), ");

    private OpensslClient() {
    }

    /** What a connection did: {@code New} (full handshake) or {@code Reused}, and the whole output. */
    public record Outcome(String session, String output) {
        public boolean reused() {
            return "Reused".equals(session);
        }
    }

    /**
     * @param version {@code -tls1_2} or {@code -tls1_3}
     * @param sessIn  a saved session to offer, or null
     * @param sessOut where to save the session, or null
     */
    public static Outcome request(int port, String version, Path sessIn, Path sessOut) throws IOException, InterruptedException {
        return request(port, version, sessIn, sessOut, "/");
    }

    /** As {@link #request(int, String, Path, Path)}, for {@code path}. */
    public static Outcome request(int port, String version, Path sessIn, Path sessOut, String path)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of(version));
        if (sessIn != null) {
            options.addAll(List.of("-sess_in", sessIn.toString()));
        }
        if (sessOut != null) {
            options.addAll(List.of("-sess_out", sessOut.toString()));
        }
        return request(port, options, path);
    }

    /** A request for {@code path} with any {@code s_client} options ({@code -cipher}, {@code -curves}, {@code -cert}...). */
    public static Outcome request(int port, List<String> options, String path) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-ign_eof"));
        command.addAll(options);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Matcher m = SESSION.matcher(out);
        return new Outcome(m.find() ? m.group(1) : "none", out);
    }
}
