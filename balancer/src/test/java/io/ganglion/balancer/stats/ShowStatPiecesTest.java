package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.LineDump;
import io.ganglion.balancer.testing.RunningBalancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code show stat} of a large backend as the socket writes it: in pieces of whole rows, each a
 * little over {@link LineDump#PIECE_CHARS}, that together make the same answer in every format.
 */
class ShowStatPiecesTest {
    private static final int SERVERS = 300;
    private static RunningBalancer balancer;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder servers = new StringBuilder();
        for (int i = 1; i <= SERVERS; i++) {
            servers.append("    server s").append(i).append(" 127.0.0.1:").append(20_000 + i).append('\n');
        }
        balancer = RunningBalancer.startHttp(servers.toString());
    }

    @AfterAll
    static void stop() {
        balancer.close();
    }

    private static List<String> pieces(String... args) {
        AnswerDump dump = ShowStat.dump(balancer.balancer(), StatRequest.parse(List.of(args)), AccessLevel.ADMIN);
        List<String> pieces = new ArrayList<>();
        boolean more = true;
        while (more) {
            StringBuilder piece = new StringBuilder();
            more = dump.appendNext(piece);
            pieces.add(piece.toString());
        }
        return pieces;
    }

    @Test
    void csvComesInPiecesOfWholeRowsThatMakeTheWholeAnswer() {
        List<String> pieces = pieces();

        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(piece -> assertThat(piece).endsWith(",\n"));
        assertThat(pieces.subList(0, pieces.size() - 1)).allSatisfy(piece -> assertThat(piece.length())
                .isBetween(LineDump.PIECE_CHARS, LineDump.PIECE_CHARS + 2048));
        String whole = String.join("", pieces);
        // The header, FRONTEND, the servers, BACKEND; the session adds the blank line.
        assertThat(whole.lines()).hasSize(SERVERS + 3);
        assertThat(whole + "\n").isEqualTo(ShowStat.answer(balancer.balancer(), StatRequest.all(), AccessLevel.ADMIN));
    }

    @Test
    void typedComesInPiecesOfWholeLines() {
        List<String> pieces = pieces("typed");

        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(piece -> assertThat(piece).endsWith("\n"));
        assertThat(String.join("", pieces).lines().filter(line -> line.contains(".0.pxname.1:"))).hasSize(SERVERS + 2);
    }

    @Test
    void jsonPiecesMakeOneArrayOfEveryRow() throws Exception {
        List<String> pieces = pieces("json");

        assertThat(pieces).hasSizeGreaterThan(3);
        String whole = String.join("", pieces);
        assertThat(whole).startsWith("[[").endsWith("]]\n");
        JsonNode rows = new ObjectMapper().readTree(whole);
        assertThat(rows.size()).isEqualTo(SERVERS + 2);
    }
}
