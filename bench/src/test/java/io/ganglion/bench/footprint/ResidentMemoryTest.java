package io.ganglion.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The footprint part's resident split: what of a process's RSS is its own (anonymous: heap, class
 * metadata, code, and the class-data archives, which the JVM relocates and so dirties) and what is
 * mapped files a host's other JVMs may share (libjvm's text above all); and its proportional share.
 */
class ResidentMemoryTest {
    private static final String STATUS = """
            Name:\tjava
            VmRSS:\t   89444 kB
            RssAnon:\t   65340 kB
            RssFile:\t   24104 kB
            RssShmem:\t       0 kB
            Threads:\t18
            """;
    private static final String SMAPS_ROLLUP = """
            5583b8a4e000-7ffd5a7f4000 ---p 00000000 00:00 0                          [rollup]
            Rss:               89444 kB
            Pss:               80127 kB
            Pss_Anon:          65340 kB
            """;

    @Test
    void anonymousAndFilePagesThenTheProportionalShare() {
        assertThat(ResidentMemory.describe(STATUS, SMAPS_ROLLUP)).isEqualTo("RSS 87.3 = anon 63.8 + file 23.5, PSS 78.2 (MiB)");
    }

    @Test
    void aProcessThatEndedSaysSo() {
        assertThat(ResidentMemory.describe("", "")).isEqualTo("RSS unknown (MiB)");
    }
}
