package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class CtlCompleterTest {

    private static final BalancerNames NAMES = new BalancerNames(List.of("fe_main"), List.of("be_app", "be_solo"),
            List.of("be_app/web1", "be_app/web2", "be_solo/only1"));

    private static List<String> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        new CtlCompleter(() -> NAMES).complete(null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void completesCommandWords() {
        assertThat(complete("")).contains("show", "set", "get", "enable", "add", "del", "help");
        assertThat(complete("set server be_app/web1 ")).contains("state", "weight", "addr", "check-port", "health");
        assertThat(complete("set server be_app/web1 state ")).containsExactly("ready", "drain", "maint");
    }

    @Test
    void completesNamesWhereTheyBelong() {
        assertThat(complete("get weight ")).containsExactly("be_app/web1", "be_app/web2", "be_solo/only1");
        assertThat(complete("show servers state ")).containsExactly("be_app", "be_solo");
        assertThat(complete("disable frontend ")).containsExactly("fe_main");
        assertThat(complete("add server ")).containsExactly("be_app/", "be_solo/");
    }
}
