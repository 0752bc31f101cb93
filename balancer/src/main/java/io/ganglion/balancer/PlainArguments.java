package io.ganglion.balancer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command lines a supervisor writes ({@code -f FILE [-c] [--standby | --rehearse] [--grace N]}),
 * read without picocli. Why: picocli's classes are Java 5 class files, which JDK 17 neither keeps in
 * a class-data archive nor verifies with the fast verifier; loading them was about 340 ms of CPU of a
 * cold balancer's 1.2 s to its first answer (issue 18). Anything else (help, version, a usage error,
 * a form picocli reads differently such as {@code -cf FILE}, {@code @argfile}, a repeated option) is
 * declined, and picocli, the one authority on the command line, handles it as before.
 */
record PlainArguments(Path file, boolean checkOnly, boolean standby, boolean rehearse, int graceSeconds) {
    static final int DEFAULT_GRACE_SECONDS = 10;

    /** The arguments when every one is a plain, unambiguous form of an option; empty otherwise. */
    static Optional<PlainArguments> parse(String[] args) {
        String file = null;
        String grace = null;
        boolean checkOnly = false;
        boolean standby = false;
        boolean rehearse = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if ((name.equals("-f") || name.equals("--grace")) && i + 1 < args.length) {
                value = args[++i];
            }
            switch (name) {
                case "-f" -> {
                    if (file != null || !isPlainValue(value)) {
                        return Optional.empty();
                    }
                    file = value;
                }
                case "--grace" -> {
                    if (grace != null || value == null || !isSmallNumber(value)) {
                        return Optional.empty();
                    }
                    grace = value;
                }
                case "-c", "--standby", "--rehearse" -> {
                    boolean seen = name.equals("-c") ? checkOnly : name.equals("--standby") ? standby : rehearse;
                    if (seen || value != null) {
                        return Optional.empty();
                    }
                    checkOnly |= name.equals("-c");
                    standby |= name.equals("--standby");
                    rehearse |= name.equals("--rehearse");
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(new PlainArguments(Path.of(file), checkOnly, standby, rehearse,
                grace == null ? DEFAULT_GRACE_SECONDS : Integer.parseInt(grace)));
    }

    /** A value picocli takes as it is: not empty, not option-like, not an {@code @argfile}. */
    private static boolean isPlainValue(String value) {
        return value != null && !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
    }

    private static boolean isSmallNumber(String value) {
        if (value.isEmpty() || value.length() > 9) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
