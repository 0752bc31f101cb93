package io.ganglion.balancer.tls;

import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.rules.Sample;
import io.ganglion.balancer.rules.SampleType;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS sample fetches of the rule language, read from the client connection's {@link TlsFacts}
 * (HAProxy 2.6's manual, 7.3.4). A fetch has no sample when the connection is not TLS or its
 * handshake is not done, except {@code ssl_fc} and {@code ssl_fc_is_resumed}, which are false then.
 * HAProxy 2.6 has no {@code ssl_fc_session_reused}: {@code ssl_fc_is_resumed} is its name.
 */
final class TlsFetches {
    private TlsFetches() {
    }

    static List<FetchKeyword> table() {
        return List.of(
                FetchKeyword.of("ssl_fc", SampleType.BOOL, (s, m) -> Sample.bool(isTls(client(s, m)))),
                fact("ssl_fc_sni", SampleType.STR, f -> f.serverName() == null ? null : Sample.string(f.serverName())),
                fact("ssl_fc_protocol", SampleType.STR, f -> Sample.string(f.protocol())),
                fact("ssl_fc_cipher", SampleType.STR, f -> Sample.string(f.cipher())),
                fact("ssl_fc_alpn", SampleType.STR, f -> f.alpn() == null ? null : Sample.string(f.alpn())),
                // false, not absent, on a clear connection (HAProxy 2.6 on the same request)
                FetchKeyword.of("ssl_fc_is_resumed", SampleType.BOOL, (s, m) -> {
                    TlsFacts f = TlsFacts.of(client(s, m));
                    return Sample.bool(f != null && f.reused());
                }),
                fact("ssl_c_used", SampleType.BOOL, f -> Sample.bool(f.clientCert() != null)),
                // a certificate that does not verify fails the handshake (no ca-ignore-err): 0 = X509_V_OK
                fact("ssl_c_verify", SampleType.SINT, f -> Sample.integer(0)),
                clientCert("ssl_c_s_dn", c -> Sample.string(oneLine(c.getSubjectX500Principal()))),
                clientCert("ssl_c_i_dn", c -> Sample.string(oneLine(c.getIssuerX500Principal()))),
                // HAProxy's serial is binary: its bytes, one char each, for converters such as hex
                clientCert("ssl_c_serial", c -> Sample.string(new String(unsigned(c.getSerialNumber().toByteArray()),
                        StandardCharsets.ISO_8859_1))));
    }

    private static FetchKeyword fact(String name, SampleType type, Function<TlsFacts, Sample> read) {
        return FetchKeyword.of(name, type, (s, m) -> {
            TlsFacts f = TlsFacts.of(client(s, m));
            return f == null ? null : read.apply(f);
        });
    }

    private static FetchKeyword clientCert(String name, Function<X509Certificate, Sample> read) {
        return fact(name, SampleType.STR, f -> f.clientCert() == null ? null : read.apply(f.clientCert()));
    }

    private static Channel client(Stream s, Object message) {
        return message instanceof Channel c ? c : s.clientChannel();
    }

    private static boolean isTls(Channel c) {
        return c != null && (TlsFacts.of(c) != null || c.pipeline().get(SslHandler.class) != null
                || c.pipeline().get(io.netty.handler.ssl.SniHandler.class) != null);
    }

    /** OpenSSL's one-line form, which HAProxy prints by default: {@code /C=FR/O=Example/CN=client}. */
    static String oneLine(X500Principal name) {
        List<javax.naming.ldap.Rdn> rdns;
        try {
            rdns = new javax.naming.ldap.LdapName(name.getName(X500Principal.RFC2253)).getRdns();
        } catch (javax.naming.InvalidNameException e) {
            return name.getName();
        }
        StringBuilder out = new StringBuilder();
        for (javax.naming.ldap.Rdn rdn : rdns) { // LdapName lists the RDNs last first
            out.append('/').append(rdn.getType()).append('=').append(rdn.getValue());
        }
        return out.toString();
    }

    /** The serial's bytes without the sign byte Java adds to a positive number with its top bit set. */
    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }
}
