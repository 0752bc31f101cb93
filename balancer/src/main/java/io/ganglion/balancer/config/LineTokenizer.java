package io.ganglion.balancer.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one line of HAProxy's configuration language into words, as HAProxy 2.6 does (configuration
 * manual, 2.2 and 2.3; where the manual is silent, what {@code haproxy -c} does): blanks (C's
 * isspace) separate words, an unquoted {@code #} starts a comment, a carriage return ends the line.
 * Single quotes keep everything literally. Double quotes keep blanks, {@code #} and single quotes,
 * and expand variables ({@link VariableReference}); variables are never expanded outside them. A
 * backslash escapes a space, {@code # \ ' "}, and {@code $} inside double quotes;
 * {@code \n \r \t \xNN} are the usual bytes; any other backslash stays as written.
 *
 * <p>The line is read as bytes, as HAProxy reads it: positions in errors count bytes, {@code \xNN}
 * inserts one byte, and a word ends at a NUL byte as a C string does.
 */
public final class LineTokenizer {
    /** HAProxy's limit on the words of one line. */
    static final int MAX_WORDS = 64;

    private final ConfigVariables variables;

    /** @param environment looks up a variable; returns null when it is not set */
    public LineTokenizer(Function<String, String> environment) {
        this(new ConfigVariables(environment));
    }

    LineTokenizer(ConfigVariables variables) {
        this.variables = variables;
    }

    /**
     * @param section the name of the section being read, for {@code ${.SECTION}}: its keyword when it
     *                has no name, "" before the first section
     */
    public ConfigLine tokenize(String text, Source source, String section) throws KeywordException {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        Words words = new Words();
        byte quote = 0;
        int quoteAt = -1;
        int echoEnd = line.length;
        int i = 0;
        while (i < line.length && line[i] != '\r' && line[i] != '\n') {
            byte c = line[i];
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    words.append(c);
                }
                i++;
            } else if (c == '\\') {
                i = escape(line, i, quote == '"', words, echoEnd);
            } else if (quote == '"' && c == '$') {
                VariableReference reference = VariableReference.read(line, i, echoEnd);
                expand(reference, source, section, words);
                echoEnd = Math.min(echoEnd, reference.echoCut());
                i = reference.end();
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    words.append(c);
                }
                i++;
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteAt = i;
                words.open();
                i++;
            } else if (c == '#') {
                break;
            } else if (LinePosition.isSpace(c)) {
                // C's isspace(): a vertical tab or a form feed separates words as a space does.
                words.end();
                i++;
            } else {
                words.append(c);
                i++;
            }
        }
        if (quote != 0) {
            throw new KeywordException(LinePosition.describe("unmatched quote", line, quoteAt, echoEnd));
        }
        words.end();
        if (words.list.size() > MAX_WORDS) {
            throw new KeywordException(tooManyWords(words.list));
        }
        return new ConfigLine(words.list, source);
    }

    /** Applies the backslash at {@code at}; returns the index after the escape. */
    private static int escape(byte[] line, int at, boolean inDoubleQuotes, Words words, int echoEnd) throws KeywordException {
        int next = at + 1 < line.length ? line[at + 1] : -1;
        switch (next) {
            // Not a tab, although the manual's table lists "\<TAB>": HAProxy 2.6 keeps that backslash.
            case ' ', '#', '\\', '\'', '"' -> words.append((byte) next);
            case 'n' -> words.append((byte) '\n');
            case 'r' -> words.append((byte) '\r');
            case 't' -> words.append((byte) '\t');
            case 'x' -> {
                int high = hexDigit(line, at + 2);
                int low = hexDigit(line, at + 3);
                if (high < 0 || low < 0) {
                    throw new KeywordException(LinePosition.describe("truncated or invalid hexadecimal sequence",
                            line, at, echoEnd));
                }
                words.append((byte) (high * 16 + low));
                return at + 4;
            }
            case '$' -> {
                // "\$" protects a dollar from expansion; outside double quotes nothing expands, so it stays as written.
                if (!inDoubleQuotes) {
                    words.append((byte) '\\');
                }
                words.append((byte) '$');
            }
            default -> {
                // An unknown escape, or a backslash that ends the line: the backslash is kept.
                words.append((byte) '\\');
                return at + 1;
            }
        }
        return at + 2;
    }

    private void expand(VariableReference reference, Source source, String section, Words words) {
        String value = variables.value(reference.name(), source, section);
        if (value == null && reference.fallback() != null) {
            value = reference.fallback();
        }
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        if (!reference.splitsWords()) {
            words.append(bytes);
            return;
        }
        // "[*]": each run of blanks (C's isspace: line feeds too) ends the word and starts the next,
        // which exists even if nothing follows (so "${V[*]}" with V="a " gives "a" and "").
        int i = 0;
        while (i < bytes.length) {
            if (LinePosition.isSpace(bytes[i])) {
                while (i < bytes.length && LinePosition.isSpace(bytes[i])) {
                    i++;
                }
                words.end();
                words.open();
            } else {
                words.append(bytes[i++]);
            }
        }
    }

    private static int hexDigit(byte[] line, int index) {
        return index < line.length ? Character.digit(line[index], 16) : -1;
    }

    /** HAProxy's message; its position is where the last word kept starts in its buffer of NUL-ended words. */
    private static String tooManyWords(List<String> words) {
        int position = 1;
        for (int w = 0; w < MAX_WORDS - 1; w++) {
            position += words.get(w).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return "too many words, truncating after word " + MAX_WORDS + ", position " + position + ": <"
                + words.get(MAX_WORDS - 1) + ">.";
    }

    /** The words of the line being read, and the one being built (bytes, decoded when it ends). */
    private static final class Words {
        final List<String> list = new ArrayList<>();
        private final ByteArrayOutputStream word = new ByteArrayOutputStream();
        private boolean open;

        /** A word starts, even if it stays empty (an opening quote). */
        void open() {
            open = true;
        }

        void append(byte b) {
            word.write(b);
            open = true;
        }

        void append(byte[] bytes) {
            word.write(bytes, 0, bytes.length);
            open = true;
        }

        void end() {
            if (open) {
                byte[] bytes = word.toByteArray();
                int length = 0;
                while (length < bytes.length && bytes[length] != 0) {
                    length++;
                }
                list.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
                word.reset();
                open = false;
            }
        }
    }
}
