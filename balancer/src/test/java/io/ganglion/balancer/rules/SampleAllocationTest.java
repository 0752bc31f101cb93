package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.pattern.MatchMethod;
import io.ganglion.balancer.pattern.PatternExpression;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.pattern.ValueKind;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What the rules evaluate for every request makes no garbage it need not: an integer ACL
 * ({@code acl abuse sc_http_req_rate(0) gt 100}) matches a rate without boxing it, and the small
 * integers fetches give most ({@code sc_get_gpt0} 0 or 1, a status, a count) are shared samples.
 */
class SampleAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void anIntegerAclMatchesALargeRateWithoutAllocating() throws Exception {
        PatternReference ref = new PatternReferences().inline("sc_http_req_rate", "t.cfg", 1);
        PatternExpression gt = ref.expression(MatchMethod.INT, false, ValueKind.NONE);
        ref.add("101:", null); // gt 100, as the ACL parser writes it
        Sample rate = Sample.integer(1_000_000);
        AclTerm abuse = new AclTerm(new SampleExpression("sc_http_req_rate(0)", "sc_http_req_rate", (s, m) -> rate,
                new Converter[0], SampleType.SINT), MatchMethod.INT, new PatternExpression[] {gt});
        assertThat(abuse.test(null, null)).isTrue();
        long self = Thread.currentThread().getId();
        for (int i = 0; i < 1_000; i++) {
            abuse.test(null, null);
        }
        long before = THREADS.getThreadAllocatedBytes(self);
        for (int i = 0; i < 10_000; i++) {
            abuse.test(null, null);
        }
        assertThat(THREADS.getThreadAllocatedBytes(self) - before).as("bytes allocated by 10,000 matches")
                .isLessThan(10_000);
    }

    @Test
    void smallIntegersAreSharedSamples() {
        assertThat(Sample.integer(0)).isSameAs(Sample.integer(0));
        assertThat(Sample.integer(1)).isSameAs(Sample.integer(1));
        assertThat(Sample.integer(200)).isSameAs(Sample.integer(200));
        assertThat(Sample.integer(-1).asInteger()).isEqualTo(-1L);
        assertThat(Sample.integer(1_000_000).asInteger()).isEqualTo(1_000_000L);
    }
}
