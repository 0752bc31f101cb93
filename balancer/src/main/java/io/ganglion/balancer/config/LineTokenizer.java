package io.ganglion.balancer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one line of HAProxy's configuration language into words: blanks separate words, {@code #}
 * starts a comment outside quotes, a backslash makes the next character literal, single quotes keep
 * their content literally, double quotes keep blanks and {@code #} but still expand {@code ${VAR}}
 * (as does unquoted text). An unset variable expands to nothing, as in HAProxy.
 */
public final class LineTokenizer {
    private final Function<String, String> environment;

    /** @param environment looks up a variable; returns null when it is not set */
    public LineTokenizer(Function<String, String> environment) {
        this.environment = environment;
    }

    public ConfigLine tokenize(String text, Source source) throws KeywordException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteAt = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i = expandVariable(text, i, word);
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteAt = i;
                inWord = true;
                i++;
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (quote != 0) {
            throw new KeywordException(unmatchedQuote(text, quoteAt));
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new ConfigLine(words, source);
    }

    /** Appends the value of {@code ${NAME}} starting at {@code start}; returns the index after it. */
    private int expandVariable(String text, int start, StringBuilder word) throws KeywordException {
        int end = text.indexOf('}', start + 2);
        if (end < 0) {
            throw new KeywordException("missing closing '}' in '" + text.substring(start) + "'");
        }
        String value = environment.apply(text.substring(start + 2, end));
        word.append(value == null ? "" : value);
        return end + 1;
    }

    /** HAProxy's message: the position is 1-based, then the line and a caret under the quote. */
    private static String unmatchedQuote(String text, int index) {
        String stripped = text.stripLeading();
        int caret = index - (text.length() - stripped.length());
        return "unmatched quote at position " + (index + 1) + ":\n  " + stripped + "\n  " + " ".repeat(caret) + "^";
    }
}
