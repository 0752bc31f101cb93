package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSyntaxTest {

    @Test
    void anUnescapedSemicolonEndsACommandAndAnEscapedOneDoesNot() {
        assertThat(RequestSyntax.firstCommand("get weight a/b; show cli level", 0))
                .isEqualTo(new RequestSyntax.Split("get weight a/b", 15));
        assertThat(RequestSyntax.firstCommand("get weight a/b; show cli level", 15))
                .isEqualTo(new RequestSyntax.Split(" show cli level", RequestSyntax.Split.NONE));
        assertThat(RequestSyntax.firstCommand("get weight a/b\\; show cli level", 0))
                .isEqualTo(new RequestSyntax.Split("get weight a/b\\; show cli level", RequestSyntax.Split.NONE));
    }

    @Test
    void oneCarriageReturnBeforeTheEndOfACommandIsDropped() {
        assertThat(RequestSyntax.firstCommand("show cli level\r", 0).command()).isEqualTo("show cli level");
        assertThat(RequestSyntax.firstCommand("user\r; show cli level\r", 0).command()).isEqualTo("user");
        assertThat(RequestSyntax.firstCommand("a\r\r", 0).command()).isEqualTo("a\r");
        assertThat(RequestSyntax.words("a\rb").words()).containsExactly("a\rb");
    }

    @Test
    void wordsAreSplitOnSpacesAndTabsAndBackslashEscapesTheNextCharacter() {
        assertThat(RequestSyntax.words("  set\tmap  a\\ b \\\\x \\;y z\\").words())
                .containsExactly("set", "map", "a b", "\\x", ";y", "z");
    }

    @Test
    void aStandaloneTrailingDoubleAngleBracketAnnouncesAPayloadForTheHandler() {
        RequestSyntax.Words words = RequestSyntax.words("add map #0 <<");

        assertThat(words.words()).containsExactly("add", "map", "#0");
        assertThat(words.payloadExpected()).isTrue();
        assertThat(RequestSyntax.announcesPayload("add map #0 <<")).isTrue();
    }

    @Test
    void aDoubleAngleBracketGluedToAWordStartsPayloadModeWithoutAPayloadLikeHaproxy() {
        assertThat(RequestSyntax.announcesPayload("foo<<")).isTrue();
        assertThat(RequestSyntax.words("foo<<").payloadExpected()).isFalse();
        assertThat(RequestSyntax.words("foo<<").words()).containsExactly("foo<<");
    }

    @Test
    void sixtyFourWordsAreAcceptedAndSixtyFiveAreRefused() {
        String sixtyFour = String.join(" ", Collections.nCopies(64, "w"));

        assertThat(RequestSyntax.words(sixtyFour).words()).hasSize(64);
        assertThat(RequestSyntax.words(sixtyFour).tooManyWords()).isFalse();
        assertThat(RequestSyntax.words(sixtyFour + " w").tooManyWords()).isTrue();
    }

    @Test
    void aBlankCommandHasNoWords() {
        assertThat(RequestSyntax.words(" \t ").words()).isEqualTo(List.of());
    }
}
