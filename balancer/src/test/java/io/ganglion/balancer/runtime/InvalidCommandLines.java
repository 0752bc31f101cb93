package io.ganglion.balancer.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random command lines that the balancer must refuse: words of the real command vocabulary
 * (servers, frontends, maxconn, dynamic servers, statistics) with a wrong target or a wrong,
 * missing or garbage value, valid prefixes followed by junk, unknown words, binary bytes, bad
 * escapes, {@code <<} without a payload, lines over 16 KiB and lines of more than 64 words.
 *
 * <p>Every line is invalid by construction, so none may change the balancer's state: a junk word
 * always starts with {@code z} once unescaped (no command, keyword, state or number does), names
 * that must not exist start with {@code z}, and no line holds a raw {@code ;}, CR or LF (each line
 * is one command and gets one answer). Lines that would end or reconfigure the session
 * ({@code quit}, {@code prompt}, {@code user}, {@code set timeout}) are never produced.
 */
final class InvalidCommandLines {
    /** A line ending with {@code <<}: an empty line must follow to close its (empty) payload. */
    static final String PAYLOAD_MARKER = " <<";

    private static final String JUNK_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.@#%/\\";
    private static final List<String> SERVERS = List.of("be_app/web1", "be_app/web2", "be_app/web3");
    private static final List<Function<InvalidCommandLines, String>> SHAPES = List.of(
            g -> "set server " + g.server() + " state " + g.junk(),
            g -> "set server " + g.missingServer() + " state " + g.pick("ready", "drain", "maint"),
            g -> "set server " + g.server() + " weight " + g.pick(g.junk(), "257", "-1", "10" + g.junk(), ""),
            g -> "set weight " + g.pick(g.server() + " " + g.junk(), g.missingServer() + " 50", g.server() + " 300"),
            g -> "set server " + g.server() + " addr " + g.junk() + g.pick("", " port 80", " port " + g.junk()),
            g -> "set server " + g.server() + " check-port " + g.junk(),
            g -> "set server " + g.server() + " health " + g.junk(),
            g -> "set server " + g.missingServer() + " health " + g.pick("up", "down", "stopping"),
            g -> "set server " + g.server() + " " + g.junk() + " " + g.junk(),
            g -> g.pick("enable", "disable") + " " + g.pick("server", "health") + " " + g.missingServer(),
            g -> g.pick("enable", "disable") + " frontend " + g.junk(),
            g -> "enable frontend fe_main", // already enabled: an error, no change
            g -> "set maxconn server " + g.pick(g.server() + " " + g.junk(), g.missingServer() + " 10", g.server()),
            g -> "set maxconn frontend " + g.pick(g.junk() + " 10", "fe_main " + g.junk()),
            g -> "set maxconn global " + g.pick(g.junk(), "999999"),
            g -> "add server be_app/" + g.junk() + g.pick("", " 127.0.0.1:1 " + g.junk()),
            g -> "add server " + g.pick(g.junk() + "/web9 127.0.0.1:1", "be_app/web1 127.0.0.1:1", "be_app"),
            g -> "del server " + g.pick("be_app/web1", "be_app/web2", g.missingServer(), "be_app"),
            g -> "get weight " + g.pick(g.missingServer(), "be_app", ""),
            g -> "show stat " + g.junk() + " -1 -1",
            g -> "show servers state " + g.junk(),
            g -> g.pick("show", "set", "add", "del", "get", "enable", "disable", "clear") + " " + g.junk(),
            g -> g.junk() + " " + g.pick("server", "be_app/web1", "stat", ""),
            g -> g.junk() + " " + g.junk() + " " + g.junk());

    private final Random random;

    InvalidCommandLines(long seed) {
        this.random = new Random(seed);
    }

    /** The next line, without its line feed. */
    byte[] next() {
        int kind = random.nextInt(1000);
        if (kind == 0) {
            return ("set server be_app/web1 state " + "z".repeat(CliLineDecoder.MAX_LINE_BYTES + random.nextInt(2000)))
                    .getBytes(StandardCharsets.US_ASCII);
        }
        if (kind < 5) {
            return ("set server be_app/web1 weight" + " 1".repeat(RequestSyntax.MAX_WORDS + random.nextInt(50)))
                    .getBytes(StandardCharsets.US_ASCII);
        }
        if (kind < 60) {
            return binary();
        }
        String line = SHAPES.get(random.nextInt(SHAPES.size())).apply(this);
        if (kind < 110) {
            line += PAYLOAD_MARKER;
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** Random bytes but no LF, CR or {@code ;}, starting with {@code z} so no command can match. */
    private byte[] binary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('z');
        for (int i = random.nextInt(300); i > 0; i--) {
            int b = random.nextInt(256);
            out.write(b == '\n' || b == '\r' || b == ';' ? 'x' : b);
        }
        // Nor a payload marker at its end, which would swallow the next line: always end on a letter.
        out.write('z');
        return out.toByteArray();
    }

    /** A junk word: {@code z} then letters, digits, punctuation and backslash escapes. */
    private String junk() {
        StringBuilder word = new StringBuilder(random.nextBoolean() ? "z" : "\\z");
        for (int i = random.nextInt(12); i > 0; i--) {
            word.append(JUNK_CHARS.charAt(random.nextInt(JUNK_CHARS.length())));
        }
        // A trailing backslash would escape the space after the word and glue it to the next one.
        return word.append('z').toString();
    }

    private String server() {
        return SERVERS.get(random.nextInt(SERVERS.size()));
    }

    private String missingServer() {
        return pick("be_app/" + junk(), junk() + "/web1", "be_app", "be_app/", "/web1");
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
