package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.testing.CaptureLikeSetup;
import io.ganglion.balancer.testing.Captures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code show stat}, {@code show info}, {@code show backend} of a real balancer against HAProxy 2.6.12's captures. */
class ShowStatTest {
    /** Columns whose values differ from run to run (ages, check times, addresses with their ports, module counters of checks). */
    private static final Set<String> RUN_TO_RUN = Set.of("lastchg", "check_duration", "addr", "need_conn_est",
            "h1_total_connections", "h1_total_streams", "h1_bytes_in", "h1_bytes_out");
    private static CaptureLikeSetup setup;
    private static Balancer balancer;

    @BeforeAll
    static void start() throws Exception {
        setup = CaptureLikeSetup.start().awaitChecked();
        balancer = setup.balancer().balancer();
    }

    @AfterAll
    static void stop() {
        setup.close();
    }

    private static String csv(String... args) {
        return ShowStat.answer(balancer, StatRequest.parse(List.of(args)), AccessLevel.ADMIN);
    }

    @Test
    void csvHeaderIsByteIdenticalAndRowsMatchTheCaptureColumnForColumn() {
        List<String> ours = csv().lines().toList();
        List<String> theirs = Captures.read("020-show-stat.txt").lines().toList();
        assertThat(ours.get(0)).isEqualTo(theirs.get(0));
        assertThat(csv()).endsWith(",\n\n");
        List<String> header = Arrays.asList(theirs.get(0).substring(2).split(",", -1));
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 1; i < theirs.size() - 1; i++) {
            String[] o = ours.get(i).split(",", -1);
            String[] t = theirs.get(i).split(",", -1);
            assertThat(o).as("columns of row %d", i).hasSameSizeAs(t);
            for (int c = 0; c < t.length - 1; c++) {
                String name = header.get(c);
                String where = t[0] + "/" + t[1] + " column " + name;
                assertThat(o[c].isEmpty()).as(where + " empty?").isEqualTo(t[c].isEmpty());
                if (!RUN_TO_RUN.contains(name)) {
                    assertThat(o[c]).as(where).isEqualTo(t[c]);
                }
            }
        }
    }

    @Test
    void typedOutputHasTheCapturesFieldsTagsAndTypes() {
        String ours = ShowStat.answer(balancer, StatRequest.parse(List.of("typed")), AccessLevel.ADMIN);
        assertThat(withoutValues(ours)).isEqualTo(withoutValues(Captures.read("021-show-stat-typed.txt")));
        assertThat(ours).contains("S.4.1.17.status.1:SGP:str:UP\n", "B.4.0.76.algo.1:CGS:str:roundrobin\n")
                .endsWith("\n\n");
    }

    @Test
    void jsonOutputHasTheCapturesObjectsWithOnlyRunToRunValuesDiffering() {
        String ours = ShowStat.answer(balancer, StatRequest.parse(List.of("json")), AccessLevel.ADMIN);
        String theirs = Captures.read("022-show-stat-json.txt");
        assertThat(ours).endsWith("]]\n\n").doesNotContain("\n[");
        assertThat(jsonSkeleton(ours)).isEqualTo(jsonSkeleton(theirs));
    }

    @Test
    void filtersSelectProxyTypeAndServerAndAMissingProxyIsAnError() {
        assertThat(rows(csv("-1", "4", "-1"))).extracting(r -> r.split(",")[1]).containsExactly("web1", "web2", "web3");
        assertThat(rows(csv("-1", "4", "2"))).extracting(r -> r.split(",")[1]).containsExactly("web2");
        assertThat(rows(csv("be_app", "-1", "-1"))).extracting(r -> r.split(",")[1])
                .containsExactly("web1", "web2", "web3", "BACKEND");
        assertThat(rows(csv("4", "2", "-1"))).extracting(r -> r.split(",")[1]).containsExactly("BACKEND");
        assertThat(rows(csv("-1", "1", "-1"))).extracting(r -> r.split(",")[0]).containsExactly("fe_main", "fe_tls", "stats");
        assertThat(csv("nope", "-1", "-1")).isEqualTo(Captures.read("392-show-stat-nope--1--1.txt"));
        assertThat(rows(csv("be_app", "4"))).hasSize(8); // two filter words only: ignored, as HAProxy
        assertThat(rows(csv("up"))).filteredOn(r -> r.startsWith("be_app,BACKEND,")).singleElement()
                .satisfies(r -> assertThat(r.split(",")[17]).isEqualTo("UP (3/3)"));
    }

    @Test
    void addressAndAlgorithmAreHiddenBelowOperatorLevel() {
        String user = ShowStat.answer(balancer, StatRequest.all(), AccessLevel.USER);
        String operator = ShowStat.answer(balancer, StatRequest.all(), AccessLevel.OPERATOR);
        int addr = StatFields.pos("addr");
        int algo = StatFields.pos("algo");
        for (String r : rows(user)) {
            assertThat(r.split(",", -1)[addr]).isEmpty();
            assertThat(r.split(",", -1)[algo]).isEmpty();
        }
        assertThat(rows(operator)).anySatisfy(r -> assertThat(r.split(",", -1)[algo]).isEqualTo("roundrobin"));
    }

    @Test
    void showBackendListsBackendsAsTheCapture() {
        assertThat(ShowBackend.answer(balancer)).isEqualTo(Captures.read("037-show-backend.txt"));
    }

    @Test
    void showInfoHasHaproxysFieldsInOrderWithOurValues() {
        String ours = ShowInfo.answer(balancer, ShowInfo.Format.PLAIN);
        List<String> names = names(ours);
        assertThat(names).isEqualTo(names(Captures.read("014-show-info.txt")));
        assertThat(ours).startsWith("Name: Ganglion\nVersion: " + io.ganglion.balancer.Version.VERSION + "\n")
                .contains("Pid: " + ProcessHandle.current().pid() + "\n", "Maxconn: 1000\n").endsWith("\n\n");
        String json = ShowInfo.answer(balancer, ShowInfo.Format.JSON);
        assertThat(json).startsWith("[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,\"tags\":{\"origin\":"
                + "\"Product\",\"nature\":\"Output\",\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"Ganglion\"}}")
                .endsWith("]\n\n");
        assertThat(jsonSkeleton(json)).isEqualTo(jsonSkeleton(Captures.read("019-show-info-json.txt")));
    }

    private static List<String> names(String info) {
        return info.lines().filter(l -> !l.isEmpty()).map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    private static List<String> rows(String csv) {
        return csv.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<String> withoutValues(String typed) {
        List<String> out = new ArrayList<>();
        for (String l : typed.lines().toList()) {
            int third = l.indexOf(':', l.indexOf(':', l.indexOf(':') + 1) + 1);
            out.add(third < 0 ? l : l.substring(0, third));
        }
        return out;
    }

    /** The JSON text with every value replaced, so structure, names, tags and types remain. */
    private static String jsonSkeleton(String json) {
        return json.replaceAll("\"value\":(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9]+)", "\"value\":V");
    }
}
