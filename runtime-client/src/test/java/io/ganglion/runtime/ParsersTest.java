package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class ParsersTest {

    @Test
    void showStatCsvIsReadByHeaderName() {
        List<StatRow> rows = StatCsv.parse(Captures.text("020-show-stat.txt"));

        assertThat(rows).extracting(StatRow::pxname, StatRow::svname).startsWith(
                org.assertj.core.groups.Tuple.tuple("fe_main", "FRONTEND"));
        StatRow web1 = rows.stream().filter(r -> r.svname().equals("web1")).findFirst().orElseThrow();
        assertThat(web1.type()).isEqualTo(StatRow.Type.SERVER);
        assertThat(web1.weight()).hasValue(100);
        assertThat(web1.status()).isEqualTo("UP");
        assertThat(web1.checkStatus()).isEqualTo("L7OK");
        assertThat(web1.address()).isEqualTo("127.0.0.1:18081");
        StatRow backend = rows.stream().filter(r -> r.svname().equals("BACKEND")).findFirst().orElseThrow();
        assertThat(backend.type()).isEqualTo(StatRow.Type.BACKEND);
        assertThat(rows.get(0).slim()).hasValue(1000);
    }

    @Test
    void columnsAreFoundByNameWhereverTheyAreAndUnknownOnesAreKept() {
        String csv = "# svname,future_col,pxname,status,\nweb1,42,be_app,UP,\n";

        StatRow row = StatCsv.parse(csv).get(0);

        assertThat(row.pxname()).isEqualTo("be_app");
        assertThat(row.get("future_col")).isEqualTo("42");
        assertThat(row.columns()).containsOnlyKeys("svname", "future_col", "pxname", "status");
    }

    @Test
    void onlyTheAskedColumnsAreKeptWhereverTheyAre() {
        String csv = "# pxname,svname,note,scur,status,\nbe_app,web1,\"a,b\",3,UP,\nbe_app,web2\n";

        List<StatRow> rows = StatCsv.parse(csv, java.util.Set.of("scur", "svname", "absent"));

        assertThat(rows.get(0).columns()).containsOnlyKeys("svname", "scur");
        assertThat(rows.get(0).number("scur")).hasValue(3);
        assertThat(rows.get(1).svname()).isEqualTo("web2");
        assertThat(rows.get(1).get("scur")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> StatCsv.parse("No such proxy.\n", java.util.Set.of("scur")))
                .withMessageContaining("No such proxy.");
    }

    @Test
    void aQuotedValueMayHoldCommasAndQuotes() {
        assertThat(StatCsv.split("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
    }

    @Test
    void csvWithoutHeaderIsRefusedWithTheLineItGot() {
        assertThatIllegalArgumentException().isThrownBy(() -> StatCsv.parse("No such proxy.\n"))
                .withMessageContaining("No such proxy.");
    }

    @Test
    void typedStatLinesSplitOnTheFirstThreeColonsOnly() {
        List<TypedStatField> fields = TypedStatField.parseAll(Captures.text("021-show-stat-typed.txt"));
        assertThat(fields.get(0)).isEqualTo(new TypedStatField('F', 2, 0, 0, "pxname", 1, "KNS", "str", "fe_main"));
        assertThat(TypedStatField.parse("S.3.1.56.last_chk.1:MSP:str:a:b").value()).isEqualTo("a:b");
    }

    @Test
    void serversStateIsReadByItsHeaderLine() {
        List<ServerState> states = ServerState.parseAll(Captures.text("032-show-servers-state.txt"));

        assertThat(states).extracting(ServerState::serverName).containsExactly("web1", "web2", "web3");
        ServerState web1 = states.get(0);
        assertThat(web1.backendName()).isEqualTo("be_app");
        assertThat(web1.port()).isEqualTo(18081);
        assertThat(web1.userWeight()).isEqualTo(100);
        assertThat(web1.inMaintenance()).isFalse();
        assertThat(web1.get("srv_fqdn")).isEqualTo("-");
    }

    @Test
    void infoKeepsEveryField() {
        Info info = Info.parse(Captures.text("014-show-info.txt"));
        assertThat(info.name()).isEqualTo("HAProxy");
        assertThat(info.version()).isEqualTo("2.6.12-1+deb12u4");
        assertThat(info.maxconn()).hasValue(1000);
        assertThat(info.get("TotalSplicdedBytesOut")).isNotEmpty();
    }

    @Test
    void weightAnswerIsParsed() {
        assertThat(ServerWeight.parse(Captures.text("405-get-weight-be_app_web1.txt")))
                .isEqualTo(new ServerWeight(256, 100));
    }
}
