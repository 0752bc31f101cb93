package io.ganglion.balancer.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.ComparisonConfigs;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent checks and {@code track} side by side with HAProxy 2.6: the same configuration, the same
 * agent (one scripted TCP server both connect to), and after each reply the same server state in
 * {@code show stat} and {@code show servers state}; then the same answers to the agent commands.
 * Both agents send something: without {@code agent-send}, HAProxy 2.6 reads the reply about 200 ms
 * late (measured), past this test's 100 ms {@code agent-inter}, and reports {@code L7TOUT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentCheckComparisonTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** show stat columns that the agent and tracking decide. */
    private static final List<String> COLUMNS = List.of("svname", "status", "weight", "slim", "agent_status",
            "agent_code", "agent_desc", "agent_health", "agent_rise", "agent_fall", "last_agt", "tracked", "check_status",
            "check_desc", "check_rise", "check_fall", "check_health");
    /** show servers state fields: op state, admin state, weights, agent state, agent addr and port. */
    private static final int[] STATE_FIELDS = {3, 5, 6, 7, 8, 14, 23, 24};

    private ScriptedAgent agent;
    private TestHttpBackend web;
    private SameConfigPair pair;
    private Path haproxySocket;
    private Path ourSocket;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        HaproxyProcess.requireInstalled();
        agent = new ScriptedAgent();
        web = new TestHttpBackend("web");
        pair = SameConfigPair.start(directory, this::config);
        haproxySocket = pair.haproxySocket();
        ourSocket = pair.ourSocket();
    }

    private String config(Path socket) {
        return ComparisonConfigs.httpFrontend(socket, Ports.free()) + """
                    default_backend be
                backend be
                    option httpchk GET /health
                    server a 127.0.0.1:%d check inter 100 weight 40 agent-check agent-port %d agent-inter 100 agent-send "hello\\n"
                    server b 127.0.0.1:%d track a
                    server c 127.0.0.1:%d weight 10
                    server x 127.0.0.1:%d weight 20 agent-check agent-port %d agent-inter 100 agent-send "x\\n"
                """.formatted(web.port(), agent.port(), web.port(), web.port(), web.port(), agent.port());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {pair, agent, web}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void eachReplyLeavesTheServersAsHaproxyLeavesThem() {
        List<String> replies = List.of("up\n", "75%\n", "drain\n", "ready 50%\n", "maint\n", "ready\n",
                "down # sick of it\n", "up 50% maxconn:30\n", "stopped\n", "bogus\n", "up,drain\n", "ready,120%\n",
                "maxconn:abc 50%\n", "fail\n", "UP 100%\n");
        Map<String, String> seen = new LinkedHashMap<>();
        String previous = "";
        for (String reply : replies) {
            agent.reply(reply);
            String before = previous;
            AtomicReference<String> theirs = new AtomicReference<>();
            Awaitility.await(reply).atMost(PATIENCE).until(() -> {
                theirs.set(state(haproxySocket));
                return !theirs.get().equals(before);
            });
            awaitSameState(reply);
            previous = state(haproxySocket);
            seen.put(reply, previous);
        }
        assertThat(seen.get("drain\n")).contains("DRAIN (agent)");
        assertThat(seen.get("down # sick of it\n")).contains("DOWN (agent)", "via agent : down (sick of it)");
        assertThat(agent.received()).contains("hello\n"); // agent-send's "\n" is a line feed
    }

    /** {@code show stat typed} names, tags and types the agent and tracking columns as HAProxy does. */
    @Test
    void typedStatsDescribeTheAgentColumnsAsHaproxy() {
        agent.reply("up ready 100%\n");
        awaitHaproxy("a 2 0 40 40 22");
        awaitSameState("up ready 100%");
        assertThat(typedAgentFields(ourSocket)).isNotEmpty().isEqualTo(typedAgentFields(haproxySocket));
    }

    /** Of every server row, the typed descriptors (not the values) of tracked, last_chk/last_agt and the check/agent columns. */
    private static List<String> typedAgentFields(Path socket) {
        return answer(socket, "show stat be 4 -1 typed").lines()
                .filter(l -> l.matches("S\\.\\d+\\.\\d+\\.(31|3[6-8]|5[67]|6[2-9]|7[0-2])\\..*"))
                .map(l -> String.join(":", java.util.Arrays.asList(l.split(":", 4)).subList(0, 3)))
                .toList();
    }

    /** The health check and the agent must both let a server be UP; each alone can take it DOWN. */
    @Test
    void theHealthCheckAndTheAgentMustAgree() {
        agent.reply("up ready 100%\n");
        awaitHaproxy("a 2 0 40 40 22");
        try {
            web.healthStatus(503);
            awaitHaproxy("status=DOWN weight=40");
            awaitSameState("a failing health check, an agent saying up");
            agent.reply("down\n");
            awaitHaproxy("status=DOWN (agent)");
            awaitSameState("both failing");
            web.healthStatus(200);
            awaitHaproxy("check_status=L7OK");
            awaitSameState("the check passing again, the agent still saying down");
            assertThat(state(ourSocket)).contains("status=DOWN (agent)");
            agent.reply("up\n");
            awaitHaproxy("a 2 0 40 40 22");
            awaitSameState("both passing");
        } finally {
            web.healthStatus(200);
        }
    }

    private void awaitHaproxy(String fragment) {
        Awaitility.await(fragment).atMost(PATIENCE).until(() -> state(haproxySocket).contains(fragment));
    }

    @Test
    void agentCommandsAnswerAsHaproxy() {
        List<String> commands = List.of("set server be/a agent", "set server be/a agent foo", "set server be/c agent up",
                "enable agent be/c", "disable agent be/c", "enable agent be/zz", "enable agent be", "enable agent",
                "set server be/a agent-addr", "set server be/a agent-addr foo", "set server be/a agent-port",
                "set server be/a agent-port x", "set server be/c agent-addr 127.0.0.1", "set server be/c agent-send x",
                "set server be/c agent-port 1", "set server be/zz agent up", "set server be/a agent-port 70000",
                "set server be/a agent-port -1", "set server be/a agent-addr 127.0.0.3 port 5",
                "set server be/a agent-addr 127.0.0.4 port", "set server be/a agent-addr 127.0.0.5 foo",
                "set server be/a agent-send bye");
        for (String command : commands) {
            assertThat(answer(ourSocket, command)).as(command).isEqualTo(answer(haproxySocket, command));
        }
        awaitSameState("agent-addr and agent-port");
        assertThat(state(ourSocket)).contains("127.0.0.5 5");
        String restore = "set server be/a agent-addr 127.0.0.1 port " + agent.port();
        assertThat(answer(ourSocket, restore)).isEqualTo(answer(haproxySocket, restore));
    }

    @Test
    void forcedAgentStatesAndDisablingTheAgentAsHaproxy() {
        agent.reply("up ready 100%\n");
        awaitHaproxy("a 2 0 40 40 22");
        awaitSameState("up ready 100%");
        for (String command : List.of("set server be/a agent down", "disable agent be/a", "set server be/a agent down",
                "enable agent be/a")) {
            assertThat(answer(ourSocket, command)).as(command).isEqualTo(answer(haproxySocket, command));
            awaitSameState(command);
        }
    }

    @Test
    void dynamicServersTrackAndWaitForTheirAgentAsHaproxy() {
        String addr = " 127.0.0.1:" + web.port();
        List<String> commands = List.of("add server be/g" + addr + " track nope", "add server be/g" + addr + " track zz/a",
                "add server be/g" + addr + " track g", "add server be/g" + addr + " check track a",
                "add server be/g" + addr + " track", "add server be/g" + addr + " track c",
                "add server be/h" + addr + " agent-check", "add server be/e" + addr + " track a",
                "add server be/h" + addr + " track e",
                "add server be/d" + addr + " agent-check agent-port " + agent.port() + " agent-inter 100");
        for (String command : commands) {
            assertThat(answer(ourSocket, command)).as(command).isEqualTo(answer(haproxySocket, command));
        }
        awaitSameState("add server");
        assertThat(answer(ourSocket, "show stat be 4 -1")).contains(",e,").contains("be/a");
        // a tracked server cannot be deleted, before even the maintenance check; its tracker can
        for (String command : List.of("del server be/a", "del server be/e", "add server be/e" + addr + " track a")) {
            assertThat(answer(ourSocket, command)).as(command).isEqualTo(answer(haproxySocket, command));
        }
    }

    private void awaitSameState(String after) {
        try {
            Awaitility.await(after).atMost(PATIENCE).until(() -> state(ourSocket).equals(state(haproxySocket)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(state(ourSocket)).as("after " + after).isEqualTo(state(haproxySocket));
        }
    }

    /** An answer without the final blank line that this balancer always adds and HAProxy sometimes omits. */
    private static String answer(Path socket, String command) {
        try {
            return StatsSocket.send(socket, command).stripTrailing();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static StatCsv statCsv(Path socket) {
        try {
            return StatCsv.ask(socket, "be 4 -1");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The columns that an agent's reply or tracking decide, for servers a, b and c. */
    private static String state(Path socket) {
        List<String> out = new ArrayList<>();
        StatCsv stat = statCsv(socket);
        for (String[] row : stat.rows()) {
            StringBuilder b = new StringBuilder();
            for (String c : COLUMNS) {
                b.append(c).append('=').append(stat.cell(row, c)).append(' ');
            }
            out.add(b.toString().strip());
        }
        for (String line : answer(socket, "show servers state be").split("\n")) {
            if (!line.startsWith("#") && !line.startsWith("1") && !line.isBlank()) {
                String[] f = line.split(" ");
                StringBuilder b = new StringBuilder();
                for (int i : STATE_FIELDS) {
                    b.append(f[i]).append(' ');
                }
                out.add(b.toString().strip());
            }
        }
        return String.join("\n", out);
    }
}
