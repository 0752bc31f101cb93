package io.ganglion.runtime.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes command words from {@link CommandGrammar} and backend, frontend and server names
 * from the balancer (asked afresh on each completion, so new servers show up at once).
 */
final class CtlCompleter implements Completer {

    private final Supplier<BalancerNames> names;

    CtlCompleter(Supplier<BalancerNames> names) {
        this.names = names;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        Set<String> words = new LinkedHashSet<>();
        Set<String> partialWords = new LinkedHashSet<>();
        BalancerNames known = null;
        for (List<String> row : CommandGrammar.ROWS) {
            if (row.size() <= before.size() || !matches(row, before)) {
                continue;
            }
            String next = row.get(before.size());
            if (!CommandGrammar.isPlaceholder(next)) {
                words.addAll(List.of(next.split("\\|")));
                continue;
            }
            if (known == null) {
                known = names.get();
            }
            switch (next) {
                case CommandGrammar.SERVER -> words.addAll(known.servers());
                case CommandGrammar.BACKEND -> words.addAll(known.backends());
                case CommandGrammar.FRONTEND -> words.addAll(known.frontends());
                case CommandGrammar.NEW_SERVER -> known.backends().forEach(b -> partialWords.add(b + "/"));
                default -> throw new IllegalStateException("unknown placeholder " + next);
            }
        }
        words.forEach(w -> candidates.add(new Candidate(w)));
        partialWords.forEach(w -> candidates.add(new Candidate(w, w, null, null, null, null, false)));
    }

    private static boolean matches(List<String> row, List<String> before) {
        for (int i = 0; i < before.size(); i++) {
            String expected = row.get(i);
            if (!CommandGrammar.isPlaceholder(expected) && !List.of(expected.split("\\|")).contains(before.get(i))) {
                return false;
            }
        }
        return true;
    }
}
