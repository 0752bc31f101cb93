package io.ganglion.balancer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks HAProxy 2.6 itself how it cuts each line of {@link LineTokenizerTest} into words, and checks
 * that our tokenizer agrees. {@code haproxy -c} prints no words, so each line is written after four
 * keywords whose messages name one word each: {@code daemon} the first ("cannot handle unexpected
 * argument"), {@code .notice} the only one or the second, {@code h1-case-adjust} the third and
 * {@code setenv} the fourth; an error of the line itself is printed in full. A few runs of HAProxy
 * check every case (about 50 ms each).
 */
class LineTokenizerLiveTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String FILE = "probe.cfg";
    /** Each probe keyword and the index (in the probe line's words) of the word its message names. */
    private static final Map<String, Integer> PROBES = Map.of("daemon", 1, ".notice", 2, "h1-case-adjust", 3, "setenv", 4);
    private static final Pattern MESSAGE = Pattern.compile("^\\[\\w+\\] +\\(\\d+\\) : config : parsing \\[" + FILE
            + ":(\\d+)\\] ?: (.*)$", Pattern.DOTALL); // a word may hold a carriage return

    @Test
    void haproxyCutsEveryLineAsWeDo(@TempDir Path directory) throws Exception {
        require(Files.isExecutable(HAPROXY), "HAProxy is not installed: skipping (apt-get install haproxy)");
        List<String> probes = Stream.concat(LineTokenizerTest.words(), LineTokenizerTest.errors())
                .map(arguments -> (String) arguments.get()[0])
                .flatMap(fragment -> PROBES.keySet().stream().sorted().map(keyword -> "    " + keyword + " " + fragment))
                .toList();
        LineTokenizer ours = LineTokenizerTest.tokenizer();
        // HAProxy stops after 50 fatal errors: a file of at most 40 probes has all its lines judged.
        for (int from = 0; from < probes.size(); from += 40) {
            List<String> lines = new ArrayList<>(List.of("global"));
            lines.addAll(probes.subList(from, Math.min(probes.size(), from + 40)));
            Map<Integer, List<String>> answers = haproxyCheck(directory, lines);
            for (int i = 1; i < lines.size(); i++) {
                int number = i + 1;
                String line = lines.get(i);
                List<String> theirs = answers.getOrDefault(number, List.of());
                String keyword = line.strip().split(" ", 2)[0];
                List<String> words;
                try {
                    words = ours.tokenize(line, new Source(FILE, number), "global").words();
                } catch (KeywordException e) {
                    assertThat(theirs).as(line).containsExactly(e.getMessage());
                    continue;
                }
                assertThat(theirs).as(line).containsExactlyElementsOf(expectedMessages(keyword, words, theirs));
            }
        }
    }

    /** What HAProxy prints for a probe line that it cuts into {@code words}, as far as it depends on them. */
    private static List<String> expectedMessages(String keyword, List<String> words, List<String> theirs) {
        int named = PROBES.get(keyword);
        String word = words.size() > named ? words.get(named) : "";
        if (keyword.equals(".notice")) {
            return List.of(word.isEmpty()
                    ? "'" + (words.size() > 1 ? words.get(1) : "") + "'."
                    : "Unexpected argument '" + word + "' for '.notice'. Use quotes if the message should contain spaces.");
        }
        if (!word.isEmpty()) {
            return List.of("'" + keyword + "' cannot handle unexpected argument '" + word + "'.");
        }
        // Otherwise the keyword judges its arguments (setenv '' fails...): those messages name no word.
        return theirs.stream().filter(m -> !m.contains("unexpected argument")).toList();
    }

    /** Runs {@code haproxy -c} on the lines; returns its messages by line number (continuation lines joined). */
    private static Map<Integer, List<String>> haproxyCheck(Path directory, List<String> lines) throws Exception {
        Path config = directory.resolve(FILE);
        Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", FILE)
                .directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(LineTokenizerTest.ENVIRONMENT);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<Integer, List<String>> messages = new LinkedHashMap<>();
        List<String> last = null;
        for (String printed : new String(output, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = MESSAGE.matcher(printed);
            if (m.matches()) {
                last = messages.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new ArrayList<>());
                last.add(m.group(2));
            } else if (printed.startsWith("[")) {
                last = null;
            } else if (last != null) {
                last.set(last.size() - 1, last.get(last.size() - 1) + "\n" + printed);
            }
        }
        return messages;
    }

}
