package io.ganglion.balancer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.server.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streams of a loop by key answer as the insertion-ordered map they replace did, through growth
 * and removals in any order (each removal shifts back the entries that probed past it).
 */
class StreamsByKeyTest {
    @Test
    void answersAsAnInsertionOrderedMapThroughArrivalsAndDeparturesInAnyOrder() {
        Random random = new Random(42);
        StreamsByKey streams = new StreamsByKey();
        Map<Long, LiveStream> expected = new LinkedHashMap<>();
        long nextKey = 1L << 42; // a loop's first rank: its ids start at a multiple of 2^52, spaced by 2^10
        for (int step = 0; step < 20_000; step++) {
            if (expected.isEmpty() || random.nextInt(100) < 55) {
                LiveStream s = new Fake(nextKey * LiveStreams.ID_STEP);
                streams.put(nextKey, s);
                expected.put(nextKey, s);
                nextKey++;
            } else {
                List<Long> live = new ArrayList<>(expected.keySet());
                long key = live.get(random.nextInt(live.size()));
                streams.remove(key, expected.get(key));
                expected.remove(key);
            }
            if (step % 97 == 0) {
                assertThat(streams.inOrder()).containsExactlyElementsOf(expected.values());
                for (long key = nextKey - 300; key < nextKey + 2; key++) {
                    assertThat(streams.get(key)).isSameAs(expected.get(key));
                }
            }
        }
        assertThat(streams.size()).isEqualTo(expected.size());
        assertThat(streams.inOrder()).containsExactlyElementsOf(expected.values());
    }

    @Test
    void aStreamIsRemovedOnlyByItselfAndAddedTwiceOnce() {
        StreamsByKey streams = new StreamsByKey();
        LiveStream a = new Fake(1024);
        streams.put(1, a);
        streams.put(1, a);
        streams.remove(1, new Fake(1024));

        assertThat(streams.size()).isEqualTo(1);
        assertThat(streams.get(1)).isSameAs(a);
        streams.remove(1, a);
        assertThat(streams.size()).isZero();
        assertThat(streams.get(1)).isNull();
    }

    private record Fake(long id) implements LiveStream {
        @Override
        public Server server() {
            return null;
        }

        @Override
        public StreamSnapshot snapshot() {
            return null;
        }

        @Override
        public void kill() {
        }
    }
}
