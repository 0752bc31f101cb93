package io.ganglion.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.bench.balancers.TargetKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {
    private static final Metric RATE = new Metric("http keep-alive", "requests/s", "req/s", ">=0.8");

    @Test
    void medianAndSpreadOfOddAndEvenRuns() {
        Figure odd = Figure.measured(RATE, TargetKind.GANGLION, List.of(90.0, 110.0, 100.0));
        Figure even = Figure.measured(RATE, TargetKind.GANGLION, List.of(4.0, 1.0, 3.0, 2.0));
        assertThat(odd.median()).isEqualTo(100.0);
        assertThat(odd.spreadPercent()).isEqualTo(10.0);
        assertThat(even.median()).isEqualTo(2.5);
    }

    @Test
    void rowShowsEachTargetAndTheRatioToHaproxy() {
        Results results = new Results();
        results.measured(RATE, TargetKind.GANGLION, List.of(68_000.0, 70_000.0, 72_000.0));
        results.measured(RATE, TargetKind.HAPROXY, List.of(80_000.0));
        results.measured(RATE, TargetKind.DIRECT, List.of(200_000.0));

        String table = TablePrinter.render(results);

        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .matches("http keep-alive\\s+requests/s\\s+req/s\\s+70\\.0k ±3%\\s+80\\.0k\\s+200\\.0k\\s+0\\.88\\s+>=0\\.8");
    }

    @Test
    void metricsTakenInTurnsAlsoShowTheRatioOfEachSameTurnPair() {
        Metric cpu = Metric.of("http keep-alive", "CPU per request", "us");
        Results results = new Results();
        // medians 100 and 100 (g/h 1.00), but turn by turn ganglion was ahead twice in three
        results.measured(RATE, TargetKind.GANGLION, List.of(100.0, 90.0, 130.0));
        results.measured(RATE, TargetKind.HAPROXY, List.of(80.0, 100.0, 120.0));
        results.takenInTurns(RATE);
        results.measured(cpu, TargetKind.GANGLION, List.of(10.0, 12.0));
        results.measured(cpu, TargetKind.HAPROXY, List.of(9.0, 10.0)); // not taken in turns: no pairs

        String table = TablePrinter.render(results);

        assertThat(table.lines().skip(1).findFirst().orElseThrow()).contains(" 1.00 ");
        assertThat(table.lines().filter(l -> l.contains("by turn"))).containsExactly(
                "  http keep-alive, requests/s: g/h by turn 1.08 (0.90-1.25, 3 pairs)");
    }

    @Test
    void unavailableTargetPrintsNaAndOneNoteWithTheReason() {
        Results results = new Results();
        Metric other = Metric.of("http keep-alive", "latency p99", "ms");
        results.measured(RATE, TargetKind.HAPROXY, List.of(80_000.0));
        results.unavailable(RATE, TargetKind.GANGLION, "the stats socket does not answer");
        results.unavailable(other, TargetKind.GANGLION, "the stats socket does not answer");

        String table = TablePrinter.render(results);

        assertThat(table).contains("n/a").doesNotContain(" 0.00 ");
        assertThat(table.lines().filter(l -> l.contains("not available"))).containsExactly(
                "  http keep-alive, ganglion: not available: the stats socket does not answer");
    }

    @Test
    void theReloadBasedColumnAppearsOnlyWhenMeasured() {
        Metric p99 = new Metric("converge", "p99, all changes", "ms", "<=100ms");
        Results results = new Results();
        results.measured(p99, TargetKind.GANGLION, List.of(20.0));
        assertThat(TablePrinter.render(results)).doesNotContain("haproxy-reload");

        results.measured(p99, TargetKind.HAPROXY_RELOAD, List.of(180.0));
        String table = TablePrinter.render(results);

        assertThat(table.lines().findFirst().orElseThrow()).matches("section\\s+metric\\s+unit\\s+ganglion\\s+haproxy\\s+direct"
                + "\\s+haproxy-reload\\s+g/h\\s+goal");
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .matches("converge\\s+p99, all changes\\s+ms\\s+20\\s+-\\s+-\\s+180\\s+-\\s+<=100ms");
    }

    @Test
    void aBaselineBuildGetsItsColumnAndTheRatioOfThisBuildToIt() {
        Results results = new Results();
        results.measured(RATE, TargetKind.GANGLION, List.of(66_000.0));
        results.measured(RATE, TargetKind.BASELINE, List.of(60_000.0));
        results.measured(RATE, TargetKind.HAPROXY, List.of(80_000.0));

        String table = TablePrinter.render(results);

        assertThat(table.lines().findFirst().orElseThrow())
                .matches("section\\s+metric\\s+unit\\s+ganglion\\s+baseline\\s+haproxy\\s+direct\\s+g/h\\s+g/base\\s+goal");
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .matches("http keep-alive\\s+requests/s\\s+req/s\\s+66\\.0k\\s+60\\.0k\\s+80\\.0k\\s+-\\s+0\\.83\\s+1\\.10\\s+>=0\\.8");
    }

    @Test
    void numbersKeepAboutThreeSignificantDigits() {
        assertThat(TablePrinter.number(0.4123)).isEqualTo("0.412");
        assertThat(TablePrinter.number(12.34)).isEqualTo("12.3");
        assertThat(TablePrinter.number(412.4)).isEqualTo("412");
        assertThat(TablePrinter.number(85_240)).isEqualTo("85.2k");
        assertThat(TablePrinter.number(1_250_000)).isEqualTo("1.25M");
        assertThat(TablePrinter.number(0)).as("a count").isEqualTo("0");
    }

    @Test
    void csvQuotesFieldsWithCommasAndKeepsEverySample() {
        Results results = new Results();
        results.measured(Metric.of("socket", "set weight, prompt", "cmd/s"), TargetKind.HAPROXY, List.of(1.0, 3.0));

        assertThat(ResultFiles.csv(results).lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("socket,\"set weight, prompt\",cmd/s,haproxy,2.00000,1.00000,3.00000,1.00000 3.00000,");
    }
}
