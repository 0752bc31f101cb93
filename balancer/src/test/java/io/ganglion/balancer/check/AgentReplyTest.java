package io.ganglion.balancer.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agent's reply grammar (HAProxy 2.6 configuration.txt, "agent-check"), without a network. */
class AgentReplyTest {
    @Test
    void wordsAreSeparatedByBlanksOrCommasInAnyOrderAndCase() {
        AgentReply r = AgentReply.parse("Drain,75%\tmaxconn:30 UP");
        assertThat(r.health()).isEqualTo("UP");
        assertThat(r.saysUp()).isTrue();
        assertThat(r.admin()).isEqualTo("drain");
        assertThat(r.weight()).isEqualTo("75%");
        assertThat(r.maxconn()).isEqualTo("30");
        assertThat(r.meaningless()).isFalse();
    }

    @Test
    void aSharpAtTheStartOfAWordOpensTheDescription() {
        AgentReply r = AgentReply.parse("down # sick of it");
        assertThat(r.health()).isEqualTo("down");
        assertThat(r.saysUp()).isFalse();
        assertThat(r.description()).isEqualTo("sick of it");
    }

    @Test
    void aSharpInsideAWordMakesItUnknown() {
        AgentReply r = AgentReply.parse("down#sick of it");
        assertThat(r.meaningless()).isTrue();
        assertThat(r.unknown()).isEqualTo("down#sick");
    }

    @Test
    void theLastWordOfAKindWins() {
        AgentReply r = AgentReply.parse("up down ready maint 10% 20%");
        assertThat(r.health()).isEqualTo("down");
        assertThat(r.admin()).isEqualTo("maint");
        assertThat(r.weight()).isEqualTo("20%");
    }
}
