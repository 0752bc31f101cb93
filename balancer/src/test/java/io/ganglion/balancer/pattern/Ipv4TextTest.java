package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A key kept packed comes back exactly as written; any other spelling is kept as written. */
class Ipv4TextTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.0.0.0/0", "192.0.2.0/24", "198.51.100.7", "198.51.100.7/32",
            "255.255.255.255", "10.1.2.3/8", "1.2.3.4/9"})
    void theOneSpellingPacksAndComesBack(String key) {
        assertThat(Ipv4Text.pack(key)).isNotEqualTo(Ipv4Text.NONE);
        assertThat(Ipv4Text.unpack(Ipv4Text.pack(key))).isEqualTo(key);
        PatternEntry e = new PatternEntry(1, key, "v", 0);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.hasKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.4/", "1.2.3.4/33",
            "1.2.3.4/08", "1.2.3.4/255.0.0.0", "1.2.3.4 ", "1234.1.1.1", "::1", "/api", "1.2.3.4/1x", "é.1"})
    void otherSpellingsAreKeptAsWritten(String key) {
        assertThat(Ipv4Text.pack(key)).isEqualTo(Ipv4Text.NONE);
        PatternEntry e = new PatternEntry(1, key, null, 0);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.hasKey(key)).isTrue();
        assertThat(e.hasKey(key + "x")).isFalse();
    }

    @Test
    void anAddressAndItsSlash32StayApart() {
        PatternEntry host = new PatternEntry(1, "1.2.3.4", null, 0);
        assertThat(host.hasKey("1.2.3.4/32")).isFalse();
        assertThat(PatternEntry.stored(1, host.packedKey(), host.keyObject(), "x", 0).key()).isEqualTo("1.2.3.4"); // as the log makes it again
    }
}
