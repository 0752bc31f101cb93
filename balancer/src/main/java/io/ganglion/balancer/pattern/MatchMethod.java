package io.ganglion.balancer.pattern;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** HAProxy's matching methods ({@code -m NAME}), each with the index it keeps its patterns in. */
public enum MatchMethod {
    FOUND("found"), BOOL("bool"), INT("int"), IP("ip"), LEN("len"), STR("str"), BEG("beg"), SUB("sub"),
    DIR("dir"), DOM("dom"), END("end"), REG("reg");

    /** A pattern of a list method, compiled once. */
    public interface Compiled {
        default boolean matches(String sample) {
            return false;
        }

        default boolean matches(long sample) {
            return false;
        }
    }

    private final String word;

    MatchMethod(String word) {
        this.word = word;
    }

    /** The name after {@code -m}, and in {@code get acl}'s {@code type=}. */
    public String word() {
        return word;
    }

    /** The method named {@code word}, or null. */
    public static MatchMethod named(String word) {
        for (MatchMethod m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        return null;
    }

    /** An empty index for this method. */
    public PatternIndex emptyIndex(boolean ignoreCase) {
        return switch (this) {
            case IP -> IpIndex.EMPTY;
            case STR -> ExactStringIndex.empty(ignoreCase);
            case BEG -> PrefixIndex.empty(ignoreCase);
            default -> ListIndex.empty(this, ignoreCase);
        };
    }

    /** Whether the method takes an integer sample (the others a string, {@code ip} an address). */
    public boolean takesInteger() {
        return this == INT || this == BOOL;
    }

    Compiled compile(String pattern, boolean ignoreCase) throws PatternException {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        switch (this) {
            case INT -> {
                IntRange r = IntRange.parse(pattern);
                return new Compiled() {
                    @Override
                    public boolean matches(long v) {
                        return r.contains(v);
                    }
                };
            }
            case LEN -> {
                IntRange r = IntRange.parse(pattern);
                return new Compiled() {
                    @Override
                    public boolean matches(String s) {
                        return r.contains(s.length());
                    }
                };
            }
            case REG -> {
                Pattern re;
                try {
                    re = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
                } catch (PatternSyntaxException e) {
                    throw new PatternException("regex '" + pattern + "' is invalid (error=" + e.getDescription()
                            + ", erroffset=" + Math.max(0, e.getIndex()) + ").");
                }
                return new Compiled() {
                    @Override
                    public boolean matches(String s) {
                        return re.matcher(s).find();
                    }
                };
            }
            case SUB -> {
                return fold(ignoreCase, s -> s.contains(p));
            }
            case END -> {
                return fold(ignoreCase, s -> s.endsWith(p));
            }
            case BEG -> {
                return fold(ignoreCase, s -> s.startsWith(p));
            }
            case STR -> {
                return fold(ignoreCase, s -> s.equals(p));
            }
            case DIR -> {
                return fold(ignoreCase, s -> delimited(s, p, "/?"));
            }
            case DOM -> {
                return fold(ignoreCase, s -> delimited(s, p, "/?.:"));
            }
            default -> {
                return new Compiled() {
                };
            }
        }
    }

    private static Compiled fold(boolean ignoreCase, java.util.function.Predicate<String> test) {
        return new Compiled() {
            @Override
            public boolean matches(String s) {
                return test.test(ignoreCase ? s.toLowerCase(Locale.ROOT) : s);
            }
        };
    }

    /**
     * HAProxy's {@code dir} and {@code dom}: the pattern is found in the sample with a delimiter (or
     * the sample's edge) on both sides; the pattern's own edge delimiters are ignored.
     */
    static boolean delimited(String sample, String pattern, String delimiters) {
        String p = pattern;
        while (!p.isEmpty() && delimiters.indexOf(p.charAt(0)) >= 0) {
            p = p.substring(1);
        }
        while (!p.isEmpty() && delimiters.indexOf(p.charAt(p.length() - 1)) >= 0) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return false;
        }
        for (int from = sample.indexOf(p); from >= 0; from = sample.indexOf(p, from + 1)) {
            int end = from + p.length();
            boolean before = from == 0 || delimiters.indexOf(sample.charAt(from - 1)) >= 0;
            boolean after = end == sample.length() || delimiters.indexOf(sample.charAt(end)) >= 0;
            if (before && after) {
                return true;
            }
        }
        return false;
    }
}
