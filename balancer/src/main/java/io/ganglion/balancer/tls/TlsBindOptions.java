package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.Setting;
import java.util.List;

/**
 * The TLS options of a {@code bind} line, in HAProxy's words when refused. Files are read as the
 * line is parsed, so that their errors name the line.
 */
final class TlsBindOptions {
    /** The line's TLS options; {@link TlsBindSpec#NONE} on a plain line. */
    static final Setting<TlsBindSpec> TLS = Setting.of("ssl", TlsBindSpec.NONE);

    private TlsBindOptions() {
    }

    static List<BindOption> table() {
        return List.of(
                new BindOption("ssl", false, (settings, value) -> settings.with(TLS, settings.get(TLS).withSsl())),
                BindOption.valued("crt", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'crt' : missing certificate location");
                    }
                    return settings.with(TLS, settings.get(TLS).withCertificate(CertificateFile.load(value)));
                }),
                BindOption.valued("tls-ticket-keys", (settings, value) -> {
                    if (value == null) {
                        throw new KeywordException("'tls-ticket-keys' : missing TLS ticket keys file path");
                    }
                    return settings.with(TLS, settings.get(TLS).withTicketKeys(TicketKeyFile.load(value)));
                }));
    }
}
