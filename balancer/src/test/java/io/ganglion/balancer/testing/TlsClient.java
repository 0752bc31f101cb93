package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A JDK TLS client for tests that trusts any certificate (the test PKI's names are checked by the
 * tests themselves): a handshake with or without SNI, and an HTTP/1.1 request over it.
 */
public final class TlsClient {
    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private TlsClient() {
    }

    /** A connected socket whose handshake is done, with {@code serverName} as SNI (null: none). */
    public static SSLSocket connect(int port, String serverName) throws IOException {
        return over(new Socket("127.0.0.1", port), serverName);
    }

    /**
     * TLS over {@code plain}, handshake done, with {@code serverName} as SNI (null: none): the test
     * keeps the plain socket to reset it ({@code setSoLinger(true, 0)}) without a close_notify.
     */
    public static SSLSocket over(Socket plain, String serverName) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TRUST_ALL}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
        socket.setSoTimeout(10_000);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    /** The subject of the certificate the server presents to {@code serverName}. */
    public static String serverSubject(int port, String serverName) throws IOException {
        try (SSLSocket s = connect(port, serverName)) {
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** {@code GET path} with {@code Connection: close}; the whole response as text. */
    public static String get(int port, String path) throws IOException {
        try (SSLSocket s = connect(port, "localhost")) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
