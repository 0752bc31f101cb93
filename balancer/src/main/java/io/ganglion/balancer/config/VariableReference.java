package io.ganglion.balancer.config;

/**
 * One {@code $NAME}, {@code ${NAME}}, {@code ${NAME-default}}, {@code ${NAME[*]}} or
 * {@code ${NAME[*]-default}} inside double quotes, as HAProxy 2.6 reads it (configuration manual,
 * 2.3). A name is letters, digits and underscores, not starting with a digit; a name starting with a
 * dot is one of the pseudo-variables ({@code .FILE}, {@code .LINE}, {@code .SECTION}). The default is
 * taken literally up to the first closing brace: neither expanded nor unescaped.
 *
 * @param name        the variable's name
 * @param splitsWords {@code [*]}: the value's blanks separate words
 * @param fallback    the default, used only when the variable is not set (an empty value is kept); null without one
 * @param end         the index just after the reference
 */
record VariableReference(String name, boolean splitsWords, String fallback, int end) {

    /**
     * Reads the reference whose {@code $} is at {@code dollar}.
     *
     * @param echoEnd where an error's echo of the line stops (see {@link LinePosition})
     */
    static VariableReference read(byte[] line, int dollar, int echoEnd) throws KeywordException {
        boolean braced = at(line, dollar + 1) == '{';
        int nameStart = braced ? dollar + 2 : dollar + 1;
        int first = at(line, nameStart);
        if (!(Character.isLetter(first) && first < 0x80) && first != '_' && first != '.') {
            throw new KeywordException(LinePosition.describe("forbidden first char in environment variable name",
                    line, nameStart, echoEnd));
        }
        int nameEnd = nameStart + 1;
        while (isNameByte(at(line, nameEnd))) {
            nameEnd++;
        }
        String name = new String(line, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.US_ASCII);
        if (first == '.' && !ConfigVariables.PSEUDO_VARIABLES.contains(name)) {
            // HAProxy has already cut the line after the name when it finds the name unknown.
            throw new KeywordException(LinePosition.describe("forbidden first char in environment variable name",
                    line, nameStart, Math.min(echoEnd, nameEnd)));
        }
        if (!braced) {
            return new VariableReference(name, false, null, nameEnd);
        }
        int i = nameEnd;
        boolean splits = false;
        if (at(line, i) == '[') {
            if (at(line, i + 1) != '*' || at(line, i + 2) != ']') {
                throw new KeywordException(LinePosition.describe("truncated or invalid word expansion sequence",
                        line, i, echoEnd));
            }
            splits = true;
            i += 3;
        }
        String fallback = null;
        if (at(line, i) == '-') {
            int close = indexOf(line, '}', i + 1);
            if (close < 0) {
                throw unmatchedBrace(line, dollar, echoEnd);
            }
            fallback = new String(line, i + 1, close - i - 1, java.nio.charset.StandardCharsets.UTF_8);
            i = close;
        }
        if (at(line, i) != '}') {
            throw unmatchedBrace(line, dollar, echoEnd);
        }
        return new VariableReference(name, splits, fallback, i + 1);
    }

    /** HAProxy ends the default in place at its closing brace: an error later on the line echoes it up to there. */
    int echoCut() {
        return fallback == null ? Integer.MAX_VALUE : end - 1;
    }

    private static KeywordException unmatchedBrace(byte[] line, int dollar, int echoEnd) {
        return new KeywordException(LinePosition.describe("unmatched brace in environment variable name",
                line, dollar + 1, echoEnd));
    }

    private static boolean isNameByte(int b) {
        return b < 0x80 && (Character.isLetterOrDigit(b) || b == '_');
    }

    private static int at(byte[] line, int index) {
        return index < line.length ? line[index] & 0xff : -1;
    }

    private static int indexOf(byte[] line, char wanted, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
