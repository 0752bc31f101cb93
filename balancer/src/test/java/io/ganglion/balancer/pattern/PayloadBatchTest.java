package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** An {@code add map} payload is added as one batch: one path copy per payload, published once. */
class PayloadBatchTest {
    private static String networks(int n) {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < n; i++) { // distinct /24 and /25 networks spread over the space
            int a = 1 + (int) ((long) i * 7919 % 223);
            payload.append(a).append('.').append(i >> 8 & 255).append('.').append(i & 255)
                    .append(".0/").append(i % 5 == 0 ? 25 : 24).append(" FR\n");
        }
        return payload.toString();
    }

    @Test
    void aLargePayloadAllocatesLittleMoreThanItsEntries() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        PatternExpression ip = ref.expression(MatchMethod.IP, false, ValueKind.STR);
        ref.add("10.0.0.0/8", "A"); // a tree already published, which the batch must copy, not change
        PatternIndex before = ip.index();
        MapPayload pairs = MapPayload.read(networks(100_000));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();

        ref.addAll(ref.currentVersion(), pairs);

        long perEntry = (threads.getCurrentThreadAllocatedBytes() - allocated0) / 100_000;
        // entry record, parsed key, about two tree nodes and the log's share (227 B); entry by entry
        // it was 1,215 B (a path copy each), batched but with six strings per IPv4 key parsed 535 B
        assertThat(perEntry).isLessThan(400);
        assertThat(IndexAnswers.found(ip.index(), "1.0.0.9")).isTrue();
        assertThat(IndexAnswers.found(before, "1.0.0.9")).isFalse(); // what a request held is unchanged
        assertThat(IndexAnswers.value(before, "10.1.2.3")).isEqualTo("A");
        assertThat(ref.entryCount()).isEqualTo(100_001);
    }

    /**
     * Reading a payload and adding its lines makes no string per line: an IPv4 key in its usual
     * spelling is packed from the payload's text, and a value seen before is found by its position
     * in it. A million-line load made two strings per line that lived only until the line was
     * added, and parsed each key twice: 353 B per line here; 257 B without (the entry, its share of
     * the tree's rows and the log, and of their arrays' copies as they double).
     */
    @Test
    void aPayloadsLinesMakeNoStringsOfTheirOwn() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        ref.expression(MatchMethod.IP, false, ValueKind.STR);
        ref.addAll(ref.currentVersion(), MapPayload.read(networks(1_000))); // the values already seen, as in a long load
        String payload = networks(100_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();

        ref.addAll(ref.currentVersion(), MapPayload.read(payload));

        long perEntry = (threads.getCurrentThreadAllocatedBytes() - allocated0) / 100_000;
        assertThat(perEntry).as("bytes allocated per line").isLessThan(300);
        assertThat(ref.entries().get(1_500).key()).isEqualTo(payload.lines().skip(500).findFirst().orElseThrow().split(" ")[0]);
    }

    /**
     * A payload line allocates little beyond what the map keeps of it (its entry, its tree rows, its
     * place in the log, and those arrays' growth): no table of the lines' positions and no key
     * object for an IPv4 key on its way into the tree. Each byte more is garbage the young
     * collections of a million-line load sweep: 193 B per line with both, 116 B without; bytes counted on this
     * thread, which the machine's speed does not change.
     */
    @Test
    void aPayloadLineAllocatesNoPositionsOrKeyObject() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        ref.expression(MatchMethod.IP, false, ValueKind.STR);
        ref.addAll(ref.currentVersion(), MapPayload.read(networks(1_000)));
        String payload = networks(100_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();

        ref.addAll(ref.currentVersion(), MapPayload.read(payload));

        long perLine = (threads.getCurrentThreadAllocatedBytes() - allocated0) / 100_000;
        assertThat(perLine).as("bytes allocated per payload line").isLessThan(150);
        assertThat(ref.entryCount()).isEqualTo(101_000);
    }

    @Test
    void theEntriesBeforeARefusedOneAreAddedAndSeen() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        PatternExpression ip = ref.expression(MatchMethod.IP, false, ValueKind.STR);
        assertThatThrownBy(() -> ref.addAll(ref.currentVersion(), MapPayload.read("192.0.2.0/24 A\nbad B\n198.51.100.0/24 C\n")))
                .isInstanceOf(PatternException.class);
        assertThat(IndexAnswers.value(ip.index(), "192.0.2.1")).isEqualTo("A");
        assertThat(IndexAnswers.found(ip.index(), "198.51.100.1")).isFalse();
        assertThat(ref.entries()).hasSize(1);
        assertThat(ref.entryCount()).isEqualTo(0); // one added, the refused one counted then removed (as add does)
    }

    @Test
    void duplicatesAndNestedNetworksAnswerAsOneByOne() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        PatternExpression ip = ref.expression(MatchMethod.IP, false, ValueKind.STR);
        ref.addAll(ref.currentVersion(), MapPayload.read("10.0.0.0/8 A\n10.1.0.0/16 B\n10.0.0.0/8 C\n10.1.2.3 D\n::1 E\n"));
        assertThat(IndexAnswers.value(ip.index(), "10.9.9.9")).isEqualTo("A"); // the first of a duplicate answers
        assertThat(IndexAnswers.value(ip.index(), "10.1.9.9")).isEqualTo("B");
        assertThat(IndexAnswers.value(ip.index(), "10.1.2.3")).isEqualTo("D");
        assertThat(IndexAnswers.value(ip.index(), "::1")).isEqualTo("E");
        ref.addAll(ref.currentVersion(), MapPayload.read("10.1.2.0/24 F\n"));
        assertThat(IndexAnswers.value(ip.index(), "10.1.2.4")).isEqualTo("F");
        assertThat(IndexAnswers.value(ip.index(), "10.1.2.3")).isEqualTo("D");
    }

    @Test
    void equalValuesOfAPayloadShareOneStringAcrossPayloads() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        ref.expression(MatchMethod.IP, false, ValueKind.STR);
        ref.addAll(ref.currentVersion(), MapPayload.read("10.0.0.0/8 FR\n10.1.0.0/16 DE\n"));
        ref.addAll(ref.currentVersion(), MapPayload.read("10.2.0.0/16 FR\n"));
        ref.add("10.3.0.0/16", new String("FR".toCharArray()));
        var entries = ref.entries();
        // a million-line GeoIP payload keeps a few hundred value strings, not a million
        assertThat(entries.get(2).value()).isSameAs(entries.get(0).value());
        assertThat(entries.get(3).value()).isSameAs(entries.get(0).value());
        assertThat(entries.get(1).value()).isEqualTo("DE");
    }

    /**
     * What a loaded map keeps, counted by a class histogram (which collects first): the collector
     * copies every object kept per entry out of the young generation and marks it again at each
     * full collection as a million-line map grows, so what the map keeps per entry is most of the
     * load's CPU. Bytes per entry: 259 before the values were shared, the keys kept as bytes and
     * IPv4 nodes made 40 B; 170 then, 147 with an IPv4 key packed in its entry (heap in use after
     * {@code System.gc()}); 134 by the histogram with node objects, 108 with the nodes as rows of
     * primitive arrays. Objects per entry: three with node objects, one (the entry) with rows.
     */
    @Test
    void aLoadedMapKeepsOneObjectAndLittleMoreThanItsEntryAndTreeRowsPerEntry() throws Exception {
        PatternReference ref = new PatternReferences().inline("src", "f", 1);
        ref.expression(MatchMethod.IP, false, ValueKind.STR);
        MapPayload pairs = MapPayload.read(networks(200_000));
        long[] before = live();
        ref.addAll(ref.currentVersion(), pairs);
        long[] after = live();
        assertThat(ref.entryCount()).isEqualTo(200_000);
        assertThat((after[0] - before[0]) * 100 / 200_000).as("live objects per 100 entries").isLessThan(110);
        // entry 40 B with its packed key, about two 20 B rows, the log's 12 B, and the arrays' room to grow
        assertThat((after[1] - before[1]) / 200_000).as("live bytes per entry").isBetween(60L, 130L);
    }

    /** The objects and bytes on the heap after a full collection ({@code jcmd GC.class_histogram}'s total). */
    private static long[] live() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String total = histogram.lines().filter(l -> l.startsWith("Total")).findFirst().orElseThrow();
        String[] words = total.trim().split("\\s+");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
    }
}
