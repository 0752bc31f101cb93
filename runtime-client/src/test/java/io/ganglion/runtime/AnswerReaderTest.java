package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AnswerReaderTest {

    /** Hands out the bytes a few at a time, as a socket may. */
    private static ByteSource trickle(byte[] bytes, int chunk) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        return into -> {
            if (!all.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(chunk, all.remaining()), into.remaining());
            into.put(all.array(), all.position(), n);
            all.position(all.position() + n);
            return n;
        };
    }

    private static List<String> readAll(byte[] bytes, AnswerReader.Framing framing) throws IOException {
        AnswerReader reader = new AnswerReader(trickle(bytes, 3), framing);
        List<String> answers = new ArrayList<>();
        for (String answer = reader.next(); answer != null; answer = reader.next()) {
            answers.add(answer);
        }
        return answers;
    }

    @Test
    void promptModeEndsRepliesWithoutABlankLineAtTheNextPrompt() throws IOException {
        List<String> answers = readAll(Captures.bytes("live-prompt-replies-without-blank-line.txt"),
                AnswerReader.Framing.PROMPT);

        assertThat(answers).containsExactly(
                "",                                                    // prompt
                "Empty weight string empty or preceded by garbage\n",  // no blank line
                "",                                                    // state maint
                "Server deleted.\n",                                   // no blank line
                "100 (initial 100)\n",
                "No such server.\n",                                   // del server: no blank line
                "2.6.12-1+deb12u4\n");                                 // then quit: end of stream
    }

    @Test
    void oneShotModeEndsAtTheBlankLine() throws IOException {
        assertThat(readAll(Captures.bytes("405-get-weight-be_app_web1.txt"), AnswerReader.Framing.ONE_SHOT))
                .containsExactly("256 (initial 100)\n");
    }

    @Test
    void oneShotModeEndsAtTheCloseWhenTheBlankLineIsMissing() throws IOException {
        assertThat(readAll(Captures.bytes("116-del-server-be_app_web4.txt"), AnswerReader.Framing.ONE_SHOT))
                .containsExactly("Server deleted.\n");
        assertThat(readAll(Captures.bytes("398-set-server-be_app_web1-weight-abc.txt"), AnswerReader.Framing.ONE_SHOT))
                .containsExactly("Empty weight string empty or preceded by garbage\n");
    }

    @Test
    void aMultiLineDumpStaysOneAnswer() throws IOException {
        byte[] bytes = Captures.bytes("020-show-stat.txt");
        List<String> answers = readAll(bytes, AnswerReader.Framing.ONE_SHOT);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0) + "\n").isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void aGreaterThanSignThatIsNotAPromptIsContent() throws IOException {
        byte[] bytes = "\n> >x\n\n> ".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(bytes, AnswerReader.Framing.PROMPT)).containsExactly("", ">x\n");
    }

    @Test
    void aStreamThatEndsBeforeAnyByteHasNoAnswer() throws IOException {
        assertThat(new AnswerReader(trickle(new byte[0], 1), AnswerReader.Framing.PROMPT).next()).isNull();
    }
}
