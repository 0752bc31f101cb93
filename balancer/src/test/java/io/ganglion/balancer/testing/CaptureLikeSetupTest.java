package io.ganglion.balancer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureLikeSetupTest {

    @Test
    void theCaptureConfigRunsLineForLineSoLineNumbersAndProxyIdsStay() {
        List<String> capture = CaptureLikeSetup.captureConfig().lines().toList();
        List<String> reduced = CaptureLikeSetup.reduced(CaptureLikeSetup.captureConfig(), true).lines().toList();

        assertThat(reduced).hasSameSizeAs(capture);
        assertThat(reduced.get(28)).isEqualTo("    stick-table type ip size 1m expire 15m store gpt0,http_req_rate(10s)");
        assertThat(reduced.get(29)).isEqualTo("    http-request track-sc0 src");
        assertThat(reduced.get(30)).startsWith("    acl whitelist src -f");
        assertThat(reduced.get(31)).isEqualTo("    http-request allow if whitelist");
        assertThat(reduced.get(32)).isEqualTo("    acl abuse sc_http_req_rate(0) gt 10");
        assertThat(reduced.get(34)).isEqualTo("    http-request deny if { sc_get_gpt0(0) eq 1 }");
        assertThat(reduced.get(35)).startsWith("    log-format \"fe_main ");
        assertThat(reduced.get(39)).isEqualTo("    bind 127.0.0.1:18443 ssl crt /srv/golden/conf/pki/server.pem"
                + " tls-ticket-keys /srv/golden/conf/tls-ticket-keys");
        assertThat(CaptureLikeSetup.reduced(CaptureLikeSetup.captureConfig(), false).lines().toList().get(39))
                .as("without openssl").isEqualTo("    bind 127.0.0.1:18443 # ssl crt /srv/golden/conf/pki/server.pem"
                + " tls-ticket-keys /srv/golden/conf/tls-ticket-keys");
        assertThat(reduced.get(51)).isEqualTo("    stats enable");
        assertThat(reduced.stream().filter(l -> l.matches("^\\s*(frontend|backend|listen) .*")))
                .containsExactly("frontend fe_main", "frontend fe_tls", "backend be_app", "listen stats");
        for (int i = 0; i < capture.size(); i++) {
            if (!reduced.get(i).contains("#")) {
                assertThat(reduced.get(i)).as("line %d", i + 1).isEqualTo(capture.get(i));
            }
        }
    }
}
