package io.ganglion.balancer.log;

import io.ganglion.balancer.config.Source;

/**
 * Compiles the sample expression of a log format's {@code %[...]}: the seam between log formats and
 * the rule engine's fetches and converters. The log-format parser hands it the text after
 * {@code %[} (up to the end of the format: the expression decides where it ends, as HAProxy's
 * {@code sample_parse_expr} does) and expects the {@code ]} where it stopped.
 *
 * <p>{@link RuleLogSamples} puts the rule engine behind it.
 */
@FunctionalInterface
public interface LogSampleCompiler {
    /**
     * @param text  the format from the expression's first character to its end
     * @param where the {@code log-format} line, for the engine's own messages
     * @return the compiled expression and how many characters of {@code text} it took
     * @throws LogFormatException with HAProxy's reason ({@code unknown fetch method 'x'}); the
     *                            log-format parser adds the "failed to parse sample expression" prefix
     */
    Compiled compile(String text, Source where) throws LogFormatException;

    /** @param length the characters of the text that are the expression (the {@code ]} should follow) */
    record Compiled(LogSample sample, int length) {
    }
}
