package io.ganglion.balancer.check;

import java.util.Locale;

/**
 * One line from a server's agent, read as HAProxy 2.6 reads it: words separated by blanks or
 * commas, in any order and case, each kind counted once (the last one wins):
 * a health word ({@code up}, {@code down}, {@code stopped}, {@code fail}), an admin word
 * ({@code ready}, {@code drain}, {@code maint}), a weight ({@code 75%}, of the initial weight) and
 * {@code maxconn:N}. After a {@code #}, the rest of the line describes a health word.
 *
 * @param health      the health word as written (HAProxy repeats it so in {@code last_agt}), or null
 * @param admin       the admin word in lower case, or null
 * @param weight      the weight word as written (e.g. {@code 75%}), or null
 * @param maxconn     what follows {@code maxconn:}, or null
 * @param description the text after {@code #}, or null
 * @param unknown     the first word that means nothing, reported when no word meant anything
 */
public record AgentReply(String health, String admin, String weight, String maxconn, String description,
                         String unknown) {

    /** @param line the line without its end ({@code \r} or {@code \n}) */
    public static AgentReply parse(String line) {
        String health = null;
        String admin = null;
        String weight = null;
        String maxconn = null;
        String description = null;
        String unknown = null;
        int hash = line.indexOf('#');
        String words = line;
        if (hash >= 0 && (hash == 0 || isSeparator(line.charAt(hash - 1)))) {
            // '#' opens the description only at the start of a word: "down#x" is one unknown word
            description = line.substring(hash + 1).strip();
            words = line.substring(0, hash);
        }
        for (String word : words.split("[ \t,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String w = word.toLowerCase(Locale.ROOT);
            switch (w) {
                case "up", "down", "stopped", "fail" -> health = word;
                case "ready", "drain", "maint" -> admin = w;
                default -> {
                    if (w.startsWith("maxconn:")) {
                        maxconn = word.substring("maxconn:".length());
                    } else if (Character.isDigit(w.charAt(0)) && w.endsWith("%")) {
                        weight = word;
                    } else if (unknown == null) {
                        unknown = word;
                    }
                }
            }
        }
        return new AgentReply(health, admin, weight, maxconn, description, unknown);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == ',';
    }

    /** No word meant anything: HAProxy reports an error and changes nothing. */
    public boolean meaningless() {
        return health == null && admin == null && weight == null && maxconn == null;
    }

    /** The health word brings the server UP (else, when present, DOWN). */
    public boolean saysUp() {
        return "up".equalsIgnoreCase(health);
    }
}
