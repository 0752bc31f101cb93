package io.ganglion.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines read without picocli mean what picocli reads in them; the others go to picocli. */
class PlainArgumentsTest {
    @Test
    void theSupervisorsCommandLinesReadAsPicocliReadsThem() {
        String[][] plain = {
            {"-f", "a.cfg"},
            {"-f=a.cfg"},
            {"-c", "-f", "a.cfg"},
            {"-f", "dir/a=b.cfg", "-c"},
            {"--standby", "-f", "/run/g/balancer.cfg", "--grace", "3"},
            {"--rehearse", "-f", "a.cfg", "--grace=0"},
            {"-f", "a.cfg", "--grace", "010"},
        };
        for (String[] args : plain) {
            Optional<PlainArguments> read = PlainArguments.parse(args);
            assertThat(read).as(String.join(" ", args)).isPresent();
            assertThat(read.get()).as(String.join(" ", args)).isEqualTo(picocli(args));
        }
    }

    @Test
    void everyOtherFormIsLeftToPicocli() {
        String[][] others = {
            {},
            {"-h"},
            {"--help"},
            {"-V"},
            {"-c"},
            {"-cf", "a.cfg"},
            {"-fa.cfg"},
            {"-f"},
            {"-f", "-c"},
            {"-f", "@args"},
            {"@args"},
            {"-f", "a.cfg", "-f", "b.cfg"},
            {"-f", "a.cfg", "-c", "-c"},
            {"-f", "a.cfg", "--grace"},
            {"-f", "a.cfg", "--grace", "-1"},
            {"-f", "a.cfg", "--grace", "1s"},
            {"-f", "a.cfg", "--grace", "99999999999"},
            {"-f", "a.cfg", "-c=true"},
            {"-f", "a.cfg", "--", "x"},
            {"-f", "a.cfg", "extra"},
        };
        for (String[] args : others) {
            assertThat(PlainArguments.parse(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    private static PlainArguments picocli(String[] args) {
        BalancerMain main = new BalancerMain();
        new CommandLine(main).parseArgs(args);
        return main.arguments();
    }
}
