package io.ganglion.balancer.config;

import java.util.Objects;

/**
 * One option of a {@code bind} line, declared by the package that owns its setting (HAProxy's
 * {@code bind_kw_list}): a flag, or a keyword followed by one value ({@code name web}). The
 * options of a line apply to each of its addresses.
 *
 * @param keyword    the option's word
 * @param takesValue true when the next word is its value (given to {@link Apply} as null when missing)
 * @param apply      sets the option, or refuses its value with HAProxy's words
 */
public record BindOption(String keyword, boolean takesValue, Apply apply) {
    public BindOption {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(apply, "apply");
    }

    /** Applies the option to the settings of a bind line. */
    @FunctionalInterface
    public interface Apply {
        /**
         * @param value the word after the keyword, null when there is none (or for a flag)
         * @throws KeywordException with what HAProxy says after {@code 'bind ADDR' in section 'S' : }
         */
        Settings apply(Settings settings, String value) throws KeywordException;
    }

    /**
     * What {@code global} sets on every bind line before its own options (HAProxy's
     * {@code ssl-default-bind-*}): a line starts from these settings, and its options write over them.
     */
    public static final Setting<Settings> GLOBAL_DEFAULTS = Setting.of("bind defaults from global", Settings.EMPTY);

    public static BindOption valued(String keyword, Apply apply) {
        return new BindOption(keyword, true, apply);
    }
}
