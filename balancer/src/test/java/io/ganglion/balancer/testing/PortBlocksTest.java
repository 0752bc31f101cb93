package io.ganglion.balancer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test JVMs running at once never hand out the same port. */
class PortBlocksTest {
    private static final int FIRST = 20_000;
    private static final int LAST = FIRST + 5 * PortBlocks.BLOCK;

    @Test
    void anotherJvmsBlocksAreLeftToItUntilItEnds(@TempDir Path directory) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                Holder.class.getName(), directory.toString()).redirectErrorStream(true).start();
        Set<Integer> theirs;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            theirs = blocksOf(out.readLine());

            PortBlocks ours = new PortBlocks(directory, FIRST, LAST);
            Set<Integer> handedOut = new HashSet<>();
            IntStream.range(0, 2 * PortBlocks.BLOCK).forEach(i -> handedOut.add(ours.next()));

            assertThat(theirs).hasSize(3);
            assertThat(ours.held()).hasSize(2).doesNotContainAnyElementsOf(theirs);
            assertThat(handedOut).hasSize(2 * PortBlocks.BLOCK).noneMatch(port -> theirs.contains((port - FIRST) / PortBlocks.BLOCK));
        } finally {
            other.destroy();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        PortBlocks after = new PortBlocks(directory, FIRST, LAST);
        IntStream.range(0, 3 * PortBlocks.BLOCK).forEach(i -> after.next());
        assertThat(after.held()).as("the other JVM's blocks, once it has ended").containsExactlyInAnyOrderElementsOf(theirs);
    }

    @Test
    void twoHoldersInOneJvmHoldDifferentBlocks(@TempDir Path directory) {
        PortBlocks one = new PortBlocks(directory, FIRST, LAST);
        PortBlocks two = new PortBlocks(directory, FIRST, LAST);
        one.next();
        two.next();
        assertThat(one.held()).doesNotContainAnyElementsOf(two.held());
    }

    private static Set<Integer> blocksOf(String line) {
        assertThat(line).as("the other JVM's blocks").startsWith("held ");
        Set<Integer> blocks = new HashSet<>();
        for (String block : line.substring("held ".length()).split(",")) {
            blocks.add(Integer.parseInt(block));
        }
        return blocks;
    }

    /** The other JVM: takes three blocks' ports, says which blocks it holds, and waits to be ended. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            PortBlocks blocks = new PortBlocks(Path.of(args[0]), FIRST, LAST);
            IntStream.range(0, 3 * PortBlocks.BLOCK).forEach(i -> blocks.next());
            List<String> held = blocks.held().stream().map(String::valueOf).toList();
            System.out.println("held " + String.join(",", held));
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
