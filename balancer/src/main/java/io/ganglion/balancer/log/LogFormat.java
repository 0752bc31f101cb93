package io.ganglion.balancer.log;

import io.ganglion.balancer.proxy.stream.LoggedStream;
import java.util.List;

/**
 * A compiled log format: the immutable list of its parts (text, separators, variables with their
 * flags, sample expressions), built once at load by {@link LogFormatParser} and rendered per
 * line by walking an array, without allocating beyond the line's buffer.
 *
 * <p>Separators are HAProxy's: every space of the format is one, and a separator writes a single
 * space only when something was written since the last one, so runs of spaces, a leading space
 * and the space after an element that wrote nothing (header captures a stream has not) collapse.
 */
public final class LogFormat {
    /** One element of the format. */
    interface Part {
        /**
         * Writes the element's value.
         *
         * @param logCount the lines the frontend logged before this one ({@code %lc})
         * @return whether it counts as written before the next separator
         */
        boolean append(StringBuilder out, LoggedStream stream, long logCount);
    }

    /** A space of the format: merged with its neighbours when rendered. */
    static final Part SEPARATOR = (out, stream, logCount) -> {
        throw new IllegalStateException("rendered by LogFormat");
    };

    private final Part[] parts;

    LogFormat(List<Part> parts) {
        this.parts = parts.toArray(new Part[0]);
    }

    /** Appends the line for {@code stream} to {@code out}. */
    public void render(StringBuilder out, LoggedStream stream, long logCount) {
        boolean lastWasSpace = true;
        for (Part part : parts) {
            if (part == SEPARATOR) {
                if (!lastWasSpace) {
                    out.append(' ');
                    lastWasSpace = true;
                }
            } else if (part.append(out, stream, logCount)) {
                lastWasSpace = false;
            }
        }
    }

    /** Literal text. */
    record Text(String value) implements Part {
        @Override
        public boolean append(StringBuilder out, LoggedStream stream, long logCount) {
            out.append(value);
            return true;
        }
    }

    /** A {@code %variable} with its flags. */
    record Variable(LogVariable variable, int options) implements Part {
        @Override
        public boolean append(StringBuilder out, LoggedStream stream, long logCount) {
            variable.append(out, stream, options, logCount);
            return variable.wroteSomething(stream);
        }
    }

    /** A {@code %[sample]} expression with its flags, written as text ({@code -} when it has no value). */
    record Sample(LogSample sample, int options) implements Part {
        @Override
        public boolean append(StringBuilder out, LoggedStream stream, long logCount) {
            LogText.text(out, sample.value(stream), options);
            return true;
        }
    }
}
