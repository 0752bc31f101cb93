package io.ganglion.balancer.config;

import java.util.Objects;

/**
 * One option of a {@code server} / {@code default-server} line and of {@code add server}, declared
 * by the package that owns its setting (HAProxy's {@code srv_kw_list}): a flag ({@code check},
 * {@code backup}) or a keyword followed by one value ({@code weight 10}).
 *
 * @param keyword    the option's word
 * @param takesValue true when the next word is its value (given to {@link Apply} as null when missing)
 * @param apply      sets the option on a spec, or refuses its value with HAProxy's words
 */
public record ServerOption(String keyword, boolean takesValue, Apply apply) {
    public ServerOption {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(apply, "apply");
    }

    /** Applies the option to a spec. */
    @FunctionalInterface
    public interface Apply {
        /**
         * @param value the word after the keyword, null when there is none (or for a flag)
         * @throws KeywordException with HAProxy's CLI wording (the config adds {@code 'server B/S' : })
         */
        ServerSpec apply(ServerSpec spec, String value) throws KeywordException;
    }

    /** An option without value that sets {@code key} to {@code value} ({@code check}, {@code no-check}). */
    public static <T> ServerOption flag(String keyword, Setting<T> key, T value) {
        return new ServerOption(keyword, false, (spec, ignored) -> spec.with(key, value));
    }

    /** An option followed by a value. */
    public static ServerOption valued(String keyword, Apply apply) {
        return new ServerOption(keyword, true, apply);
    }

    /** A check on a whole server line once every option is read (an option that needs another). */
    @FunctionalInterface
    public interface SpecCheck {
        /** @throws KeywordException with HAProxy's CLI wording */
        void check(ServerSpec spec) throws KeywordException;
    }
}
