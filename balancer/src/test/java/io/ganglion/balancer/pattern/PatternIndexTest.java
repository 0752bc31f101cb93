package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternIndexTest {
    private static long ids;
    /** Every entry made, by id, as a reference keeps them: an IP tree answers an id, {@code get acl} reads the entry. */
    private static final Map<Long, PatternEntry> made = new HashMap<>();

    private static PatternEntry entry(String key, String value) {
        PatternEntry e = new PatternEntry(++ids, key, value, 0);
        made.put(e.id(), e);
        return e;
    }

    private static PatternIndex index(MatchMethod method, boolean ignoreCase, String... keys) throws PatternException {
        PatternIndex index = method.emptyIndex(ignoreCase);
        for (String k : keys) {
            index = index.with(entry(k, "v-" + k));
        }
        return index;
    }

    private static String match(PatternIndex index, String sample) {
        long id = index.matchedId(sample);
        return id == PatternIndex.NO_MATCH ? null : made.get(id).key();
    }

    @Test
    void ipAnswersTheLongestNetworkHoldingTheAddress() throws Exception {
        PatternIndex ip = index(MatchMethod.IP, false, "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3",
                "0.0.0.0/0", "192.0.2.0/255.255.255.0");
        assertThat(match(ip, "10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(match(ip, "10.1.2.4")).isEqualTo("10.1.2.0/24");
        assertThat(match(ip, "10.1.3.4")).isEqualTo("10.1.0.0/16");
        assertThat(match(ip, "10.200.3.4")).isEqualTo("10.0.0.0/8");
        assertThat(match(ip, "11.0.0.1")).isEqualTo("0.0.0.0/0");
        assertThat(match(ip, "192.0.2.77")).isEqualTo("192.0.2.0/255.255.255.0");
    }

    @Test
    void ipMasksTheHostBitsOfANetworkAndFindsNothingOutsideIt() throws Exception {
        PatternIndex ip = index(MatchMethod.IP, false, "198.51.100.7/24");
        assertThat(match(ip, "198.51.100.200")).isEqualTo("198.51.100.7/24");
        assertThat(match(ip, "198.51.101.1")).isNull();
        assertThat(match(ip, "not an address")).isNull();
    }

    @Test
    void ipv6NetworksAndIpv4MappedSamples() throws Exception {
        IpIndex ip = (IpIndex) index(MatchMethod.IP, false, "2001:db8::/32", "2001:db8:1::/48", "::1", "127.0.0.0/8");
        assertThat(match(ip, "2001:db8:1::5")).isEqualTo("2001:db8:1::/48");
        assertThat(match(ip, "2001:db8:2::5")).isEqualTo("2001:db8::/32");
        assertThat(match(ip, "2001:db9::1")).isNull();
        assertThat(match(ip, "::1")).isEqualTo("::1");
        assertThat(ip.contains(InetAddress.getByName("::ffff:127.0.0.9"))).isTrue();
        assertThat(ip.value(InetAddress.getByName("::ffff:127.0.0.9"))).isEqualTo("v-127.0.0.0/8");
    }

    @Test
    void sameNetworkTwiceTheFirstAddedAnswersUntilDeleted() throws Exception {
        PatternEntry xb = entry("198.51.100.0/24", "XB");
        PatternEntry dup = entry("198.51.100.0/24", "DUP");
        PatternIndex ip = MatchMethod.IP.emptyIndex(false).with(xb).with(dup);
        assertThat(IndexAnswers.value(ip, "198.51.100.1")).isEqualTo("XB");
        assertThat(IndexAnswers.value(ip.without(xb), "198.51.100.1")).isEqualTo("DUP");
    }

    @Test
    void aChangeLeavesTheVersionARequestHoldsAsItWas() throws Exception {
        PatternEntry a = entry("192.0.2.0/24", "A");
        PatternIndex before = MatchMethod.IP.emptyIndex(false).with(a);
        PatternIndex after = before.with(entry("192.0.2.0/25", "LOW")).without(a).replacing(new PatternEntry(a.id(), a.key(), "Z", 0));
        assertThat(IndexAnswers.value(before, "192.0.2.1")).isEqualTo("A");
        assertThat(IndexAnswers.value(after, "192.0.2.1")).isEqualTo("LOW");
        assertThat(IndexAnswers.found(after, "192.0.2.200")).isFalse();
    }

    @Test
    void deletingAnInnerNetworkKeepsTheOthersReachable() throws Exception {
        PatternEntry mid = entry("10.1.0.0/16", "mid");
        PatternIndex ip = MatchMethod.IP.emptyIndex(false).with(entry("10.0.0.0/8", "top")).with(mid)
                .with(entry("10.1.2.0/24", "low")).with(entry("10.1.128.0/24", "other"));
        ip = ip.without(mid);
        assertThat(IndexAnswers.value(ip, "10.1.2.9")).isEqualTo("low");
        assertThat(IndexAnswers.value(ip, "10.1.128.9")).isEqualTo("other");
        assertThat(IndexAnswers.value(ip, "10.1.3.9")).isEqualTo("top");
    }

    @Test
    void aBadAddressIsRefusedWithHaproxysText() {
        assertThatThrownBy(() -> index(MatchMethod.IP, false, "notanip"))
                .hasMessage("'notanip' is not a valid IPv4 or IPv6 address.");
        assertThatThrownBy(() -> index(MatchMethod.IP, false, "10.0.0.0/33")).isInstanceOf(PatternException.class);
        assertThatThrownBy(() -> index(MatchMethod.IP, false, "1.2.3.256")).isInstanceOf(PatternException.class);
    }

    @Test
    void intRangesAsTheReferenceKeepsThem() throws Exception {
        PatternIndex ints = index(MatchMethod.INT, false, "11:", "5", ":-3", "20:30");
        assertThat(match(ints, "10")).isNull();
        assertThat(match(ints, "11")).isEqualTo("11:");
        assertThat(match(ints, "5")).isEqualTo("5");
        assertThat(match(ints, "-7")).isEqualTo(":-3");
        assertThat(match(ints, "4")).isNull();
        assertThat(ints.kind()).isEqualTo("list");
        assertThatThrownBy(() -> index(MatchMethod.INT, false, "abc"))
                .hasMessage("'abc' is neither a number nor a supported operator.");
    }

    @Test
    void lenComparesTheSampleLength() throws Exception {
        PatternIndex len = index(MatchMethod.LEN, false, "3:4");
        assertThat(match(len, "abc")).isEqualTo("3:4");
        assertThat(match(len, "ab")).isNull();
    }

    @Test
    void exactStringsWithAndWithoutCase() throws Exception {
        assertThat(match(index(MatchMethod.STR, false, "GET", "POST"), "POST")).isEqualTo("POST");
        assertThat(match(index(MatchMethod.STR, false, "GET"), "get")).isNull();
        PatternIndex folded = index(MatchMethod.STR, true, "Example.COM");
        assertThat(match(folded, "example.com")).isEqualTo("Example.COM");
        assertThat(folded.kind()).isEqualTo("list");
    }

    @Test
    void begAnswersTheLongestPrefix() throws Exception {
        PatternIndex beg = index(MatchMethod.BEG, false, "/api", "/api/v2", "/static");
        assertThat(match(beg, "/api/v2/users")).isEqualTo("/api/v2");
        assertThat(match(beg, "/api/v1")).isEqualTo("/api");
        assertThat(match(beg, "/ap")).isNull();
        assertThat(match(index(MatchMethod.BEG, true, "/API"), "/api/x")).isEqualTo("/API");
        PatternEntry v2 = entry("/api/v2", "x");
        PatternIndex fewer = MatchMethod.BEG.emptyIndex(false).with(entry("/api", "a")).with(v2).without(v2);
        assertThat(match(fewer, "/api/v2/users")).isEqualTo("/api");
    }

    @Test
    void endSubDirDomAndRegex() throws Exception {
        assertThat(match(index(MatchMethod.END, false, ".jpg", ".png"), "/a/b.png")).isEqualTo(".png");
        assertThat(match(index(MatchMethod.SUB, false, "admin"), "/x/administration")).isEqualTo("admin");
        PatternIndex dir = index(MatchMethod.DIR, false, "img");
        assertThat(match(dir, "/static/img/a.png")).isEqualTo("img");
        assertThat(match(dir, "/static/images/a.png")).isNull();
        PatternIndex dom = index(MatchMethod.DOM, false, "example.com");
        assertThat(match(dom, "www.example.com")).isEqualTo("example.com");
        assertThat(match(dom, "www.myexample.com")).isNull();
        PatternIndex reg = index(MatchMethod.REG, true, "^/user/[0-9]+$");
        assertThat(match(reg, "/USER/42")).isEqualTo("^/user/[0-9]+$");
        assertThat(match(reg, "/user/x")).isNull();
        assertThatThrownBy(() -> index(MatchMethod.REG, false, "("))
                .hasMessageStartingWith("regex '(' is invalid (error=");
    }

    @Test
    void manyStringsSurviveHashCollisionsAndRemoval() throws Exception {
        // "Aa" and "BB" share a hash code, as do their concatenations
        String[] same = {"AaAa", "AaBB", "BBAa", "BBBB"};
        PatternIndex str = index(MatchMethod.STR, false, same);
        for (String s : same) {
            assertThat(match(str, s)).isEqualTo(s);
        }
        PatternIndex big = MatchMethod.STR.emptyIndex(false);
        PatternEntry[] all = new PatternEntry[20_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = entry("host-" + i, null);
            big = big.with(all[i]);
        }
        for (int i = 0; i < all.length; i += 2) {
            big = big.without(all[i]);
        }
        assertThat(match(big, "host-7")).isEqualTo("host-7");
        assertThat(match(big, "host-8")).isNull();
        assertThat(match(big, "host-19999")).isEqualTo("host-19999");
    }
}
