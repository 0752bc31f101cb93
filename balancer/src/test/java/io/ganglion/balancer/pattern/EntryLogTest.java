package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The log against a plain list of the live entries in order, through appends, removals and the
 * squeezes they cause, over tens of thousands of entries (its arrays grown many times): positions,
 * lookups by id and the order must agree.
 */
class EntryLogTest {
    @Test
    void agreesWithAListAcrossChunksAndSqueezes() {
        EntryLog log = new EntryLog();
        List<PatternEntry> model = new ArrayList<>();
        Random random = new Random(14);
        long nextId = 1;
        for (int round = 0; round < 6; round++) {
            int adds = 20_000 + random.nextInt(20_000);
            for (int i = 0; i < adds; i++) {
                // mostly packed keys; in some rounds a few kept as text, whose column is made when first needed
                PatternEntry e = round % 2 == 1 && i % 97 == 0 ? new PatternEntry(nextId, "host-" + i, "v" + i, 0)
                        : PatternEntry.packed(nextId, Ipv4Text.pack("10.0.0." + (i & 255)), "v" + i, 0);
                nextId += 1 + random.nextInt(3); // ids ascend with gaps, as a reference hands them out
                log.append(e);
                model.add(e);
            }
            // remove most of them, so that the next appends squeeze the holes out
            List<PatternEntry> kept = new ArrayList<>();
            for (PatternEntry e : model) {
                if (random.nextInt(10) < 7) {
                    assertThat(log.remove(log.positionOf(e.id()))).isEqualTo(e);
                    assertThat(log.positionOf(e.id())).isEqualTo(-1);
                } else {
                    kept.add(e);
                }
            }
            model.clear();
            model.addAll(kept);
            log.compactIfSparse();
            assertThat(liveEntries(log)).isEqualTo(model);
            for (PatternEntry e : model) {
                int at = log.positionOf(e.id());
                assertThat(log.at(at)).isEqualTo(e);
                assertThat(log.positionAfter(e.id())).isEqualTo(at + 1);
            }
        }
        assertThat(log.positionOf(nextId)).isEqualTo(-1);
        assertThat(log.positionAfter(nextId)).isEqualTo(log.size());
    }

    private static List<PatternEntry> liveEntries(EntryLog log) {
        List<PatternEntry> live = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (log.at(i) != null) {
                live.add(log.at(i));
            }
        }
        return live;
    }
}
