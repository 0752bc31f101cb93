package io.ganglion.balancer.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How one line is cut into words: quotes, escapes and variables. Every expected value below is what
 * HAProxy 2.6.12 made of the same line ({@code .notice WORDS} under {@code haproxy -c}, see
 * {@link LineTokenizerLiveTest}, which asks it again on every run where it is installed).
 */
class LineTokenizerTest {
    /** The environment of every case; each case uses its own names, so one HAProxy run can check them all. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "X", "hello world", "E", "", "S", "  a   b  ", "Q", "x \"y\" #z", "T", "\tt\tu", "Z", "  ", "_A", "under",
            "W", "a\nb\u000Bc");

    static Stream<Arguments> words() {
        return Stream.of(
                // Variables expand inside double quotes only.
                words("\"${X}\"", "hello world"),
                words("\"$X\"", "hello world"),
                words("$X ${X}", "$X", "${X}"),
                words("'${X}' '$X'", "${X}", "$X"),
                words("\"x${X}y\" \"x$X.y\"", "xhello worldy", "xhello world.y"),
                // An unbraced name ends at the first character that cannot be part of it.
                words("\"$X-y\" \"$Xy\" \"$X[*]\"", "hello world-y", "", "hello world[*]"),
                words("\"${X}}\"", "hello world}"),
                words("\"${_A}\" \"$_A\"", "under", "under"),
                // An unset variable is an empty word, not an error.
                words("\"${NOPE}\" \"$NOPE\" \"$NOPE-d\"", "", "", "-d"),
                // The default replaces an unset variable only, not an empty one; it is taken literally up to
                // the first closing brace, neither expanded nor unescaped, and a quote in it does not end the word.
                words("\"${NOPE-def ault}\" \"${E-def}\" \"${X-}\" \"${NOPE-}\"", "def ault", "", "hello world", ""),
                words("\"${NOPE-a}b${X}\" \"${NOPE-${X}}\"", "abhello world", "${X}"),
                words("\"${NOPE-a\\\"b}\" \"${NOPE-a\"b}\" \"${NOPE-a'b}\" \"${NOPE-a#b}\" \"${NOPE-a}}\"",
                        "a\\\"b", "a\"b", "a'b", "a#b", "a}"),
                // A value is never read again: its quotes, hashes and dollars are plain characters.
                words("\"${Q}\"", "x \"y\" #z"),
                // [*] cuts the value at blanks into several words; the piece after the last blank starts a
                // word even when empty, as the opening quote did.
                words("\"${X[*]}\"", "hello", "world"),
                words("a\"${X[*]}\"b", "ahello", "worldb"),
                words("\"${S[*]}\"z", "", "a", "b", "z"),
                words("\"${S[*]}\" r", "", "a", "b", "", "r"),
                words("\"${T[*]}\"", "", "t", "u"),
                words("\"${Z[*]}\" b", "", "", "b"),
                words("\"${E[*]}\" b", "", "b"),
                words("\"${Q[*]}\"", "x", "\"y\"", "#z"),
                words("\"${W[*]}\"", "a", "b", "c"), // any of C's blanks: a line feed, a vertical tab
                words("\"${X[*]-d}\" \"${NOPE[*]-d e}\" \"${NOPE-d e[*]}\"", "hello", "world", "d", "e", "d e[*]"),
                // Pseudo-variables: where the line is.
                words("\"${.FILE}\" \"${.LINE}\" \"$.SECTION.x\"", "t.cfg", "7", "global.x"),
                // Escapes: outside single quotes; \$ only inside double quotes; unknown ones stay as written.
                words("\"\\$X\" \\$X \"a\\x24X\"", "$X", "\\$X", "a$X"),
                words("a\\nb \"a\\tb\" 'a\\nb' \"a\\rb\"", "a\nb", "a\tb", "a\\nb", "a\rb"),
                words("a\\x41b \"\\xc3\\xa9\" a\\qb \"a\\qb\"", "aAb", "é", "a\\qb", "a\\qb"),
                words("a\\\\b a\\#b a\\ b a\\'b \"a\\'b\" a\\\"b", "a\\b", "a#b", "a b", "a'b", "a'b", "a\"b"),
                // The manual lists "\<TAB>" as an escape; HAProxy 2.6.12 keeps the backslash and cuts at the tab.
                words("a\\\tb \"a\\\tb\"", "a\\", "b", "a\\\tb"),
                words("a\"b c\"d \"\" ''", "ab cd", "", ""),
                words("\\x4a\\X41 'a\"b' \"a\"#b", "J\\X41", "a\"b", "a"),
                // A word ends at a NUL, as a C string does; a lone backslash at the end stays.
                words("a\\x00b a\\", "a", "a\\"),
                // A comment starts at any unquoted hash; a carriage return ends the line.
                words("a#b c", "a"),
                words("a\tb\rc d", "a", "b"),
                // Any other of C's blanks separates words: a vertical tab, a form feed.
                words("a\u000Bb\fc \"d\u000Be\"", "a", "b", "c", "d\u000Be"));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                error("\"$1X\"", "forbidden first char in environment variable name at position 15:\n"
                        + "  .notice \"$1X\"\n"
                        + "            ^"),
                error("\"$\"", "forbidden first char in environment variable name at position 15:\n"
                        + "  .notice \"$\"\n"
                        + "            ^"),
                error("\"${\"", "forbidden first char in environment variable name at position 16:\n"
                        + "  .notice \"${\"\n"
                        + "             ^"),
                error("\"${}\"", "forbidden first char in environment variable name at position 16:\n"
                        + "  .notice \"${}\"\n"
                        + "             ^"),
                error("\"${X\"", "unmatched brace in environment variable name at position 15:\n"
                        + "  .notice \"${X\"\n"
                        + "            ^"),
                error("\"${A.B}\"", "unmatched brace in environment variable name at position 15:\n"
                        + "  .notice \"${A.B}\"\n"
                        + "            ^"),
                error("\"${NOPE-abc\"", "unmatched brace in environment variable name at position 15:\n"
                        + "  .notice \"${NOPE-abc\"\n"
                        + "            ^"),
                error("\"${X[*]x}\"", "unmatched brace in environment variable name at position 15:\n"
                        + "  .notice \"${X[*]x}\"\n"
                        + "            ^"),
                error("\"${X[x]}\"", "truncated or invalid word expansion sequence at position 17:\n"
                        + "  .notice \"${X[x]}\"\n"
                        + "              ^"),
                // HAProxy's echo of the line stops where its parser cut the line in place: at the end of
                // an unknown pseudo-variable's name, at the closing brace of a default.
                error("\"${.BOGUS-unset}\"", "forbidden first char in environment variable name at position 16:\n"
                        + "  .notice \"${.BOGUS\n"
                        + "             ^"),
                error("\"$.LINEX\"", "forbidden first char in environment variable name at position 15:\n"
                        + "  .notice \"$.LINEX\n"
                        + "            ^"),
                error("\"${NOPE-a}\" \"${1X}\"", "forbidden first char in environment variable name at position 28:\n"
                        + "  .notice \"${NOPE-a\n"
                        + "                         ^"),
                // Positions count bytes; the echo shows a '?' for each byte that is not printable ASCII.
                error("\"é\u0001\" \"${1X}\"", "forbidden first char in environment variable name at position 22:\n"
                        + "  .notice \"???\" \"${1X}\"\n"
                        + "                   ^"),
                // At the end of the line: a dollar alone, an escaped end, a default without its brace.
                error("\"$", "forbidden first char in environment variable name at position 15:\n"
                        + "  .notice \"$\n"
                        + "            ^"),
                error("\"a\\", "unmatched quote at position 13:\n"
                        + "  .notice \"a\\\n"
                        + "          ^"),
                error("\"${X-a", "unmatched brace in environment variable name at position 15:\n"
                        + "  .notice \"${X-a\n"
                        + "            ^"),
                error("\\x41\"${X}\"\\x", "truncated or invalid hexadecimal sequence at position 23:\n"
                        + "  .notice \\x41\"${X}\"\\x\n"
                        + "                    ^"),
                error("\"${X}\" \"${.SECTION}\" '${X}", "unmatched quote at position 34:\n"
                        + "  .notice \"${X}\" \"${.SECTION}\" '${X}\n"
                        + "                               ^"),
                error("a\\x4", "truncated or invalid hexadecimal sequence at position 14:\n"
                        + "  .notice a\\x4\n"
                        + "           ^"),
                error("'a\\'b'", "unmatched quote at position 18:\n"
                        + "  .notice 'a\\'b'\n"
                        + "               ^"));
    }

    private static Arguments words(String fragment, String... words) {
        return Arguments.of(fragment, List.of(words));
    }

    private static Arguments error(String fragment, String message) {
        return Arguments.of(fragment, message);
    }

    static LineTokenizer tokenizer() {
        return new LineTokenizer(ENVIRONMENT::get);
    }

    @ParameterizedTest
    @MethodSource("words")
    void cutsTheLineIntoHaproxysWords(String fragment, List<String> expected) throws Exception {
        ConfigLine line = tokenizer().tokenize("    .notice " + fragment, new Source("t.cfg", 7), "global");
        assertThat(line.words()).isEqualTo(Stream.concat(Stream.of(".notice"), expected.stream()).toList());
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesWhatHaproxyRefusesWithItsMessage(String fragment, String message) {
        KeywordException e = catchThrowableOfType(KeywordException.class,
                () -> tokenizer().tokenize("    .notice " + fragment, new Source("t.cfg", 7), "global"));
        assertThat(e).as(fragment).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
