package io.ganglion.balancer.log;

import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.UniqueId;

/**
 * A {@code unique-id-format} line: the format, where it was written, and its compiled form.
 * Compiled when read, before the proxy's mode is known, with every variable allowed; the
 * configuration check compiles it again in the proxy's mode and refuses what HAProxy refuses.
 */
final class UniqueIdFormat implements UniqueId {
    /** HAProxy's {@code UNIQUEID_LEN}: an id is cut at 127 characters. */
    private static final int MAX_LENGTH = 127;

    private final String text;
    private final Source where;
    /** Null when the text does not compile: the check refuses the configuration then. */
    private final LogFormat format;

    UniqueIdFormat(String text, Source where, LogSampleCompiler samples) {
        this.text = text;
        this.where = where;
        this.format = compileOrNull(text, where, samples);
    }

    private static LogFormat compileOrNull(String text, Source where, LogSampleCompiler samples) {
        try {
            return LogFormatParser.compile(text, true, samples, where);
        } catch (LogFormatException e) {
            return null;
        }
    }

    String text() {
        return text;
    }

    Source where() {
        return where;
    }

    @Override
    public String make(LoggedStream stream) {
        StringBuilder id = new StringBuilder(64);
        format.render(id, stream, 0);
        if (id.length() > MAX_LENGTH) {
            id.setLength(MAX_LENGTH);
        }
        return id.toString();
    }
}
