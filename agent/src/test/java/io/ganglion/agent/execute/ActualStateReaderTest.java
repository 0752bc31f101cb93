package io.ganglion.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.ganglion.agent.reconcile.ActualServer;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.StatFilter;
import org.junit.jupiter.api.Test;

class ActualStateReaderTest {

    private static final int SERVERS = 1_000;

    @Test
    void readingOneThousandServersKeepsOnlyTheirSessionsNotEveryColumn() throws IOException {
        String[] capture = resource("/haproxy-2.6/show-stat-server-row.txt").lines().skip(1).toArray(String[]::new);
        String header = capture[0];
        String row = capture[1]; // be_app,web1,0,0,<scur>,...
        StringBuilder stats = new StringBuilder(header).append('\n');
        StringBuilder states = new StringBuilder("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state"
                + " srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health"
                + " srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl"
                + " srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n");
        for (int s = 0; s < SERVERS; s++) {
            stats.append(row.replaceFirst("^be_app,web1,0,0,0,", "be_app,s" + s + ",0,0," + (s % 7) + ",")).append('\n');
            states.append("4 be_app ").append(s + 1).append(" s").append(s)
                    .append(" 127.0.0.1 2 0 100 100 2 15 3 4 6 0 0 0 - ").append(10_000 + s).append(" - 0 0 - - 0\n");
        }
        Answer stat = new Answer(Commands.showStat(new StatFilter("be_app", java.util.EnumSet.of(StatFilter.Kind.SERVERS), -1)),
                stats.toString());
        Answer state = new Answer(Commands.showServersState("be_app"), states.toString());
        ActualStateReader.servers(state, stat); // the classes loaded and the code compiled before counting

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<ActualServer> servers = ActualStateReader.servers(state, stat);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(servers).hasSize(SERVERS);
        assertThat(servers.get(12).sessions()).isEqualTo(5);
        assertThat(servers.get(999).port()).isEqualTo(10_999);
        // Every column of every row as a map (about 180 a row) was 24.6 MB per read of 1,000 servers,
        // held until the read ended: promoted out of the agent's 4 MiB young generation, a full
        // collection at every resync, and the agent's heap sized for it (issue 18). 7.8 MB now.
        assertThat(allocated).as("bytes allocated to read 1,000 servers").isLessThan(12L << 20);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ActualStateReaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
