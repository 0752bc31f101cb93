package io.ganglion.runtime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's answer to one command: its text without the end-of-answer marker (the blank line
 * or the prompt). An error answer is still an {@code Answer}; {@link #orThrow()} turns it into a
 * typed {@link CommandFailedException}.
 */
public record Answer(Command command, String text) {

    /** HAProxy writes ASCII; UTF-8 keeps any other byte a name or a map value may carry. */
    static final Charset CHARSET = StandardCharsets.UTF_8;

    public Answer {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(text, "text");
    }

    public boolean isSuccess() {
        return command.check().isSuccess(text);
    }

    public Optional<CommandFailedException> failure() {
        return isSuccess() ? Optional.empty() : Optional.of(ErrorTexts.toException(command.line(), text));
    }

    /** This answer when it is a success; otherwise the typed error it carries. */
    public Answer orThrow() {
        Optional<CommandFailedException> failure = failure();
        if (failure.isPresent()) {
            throw failure.get();
        }
        return this;
    }

    public List<String> lines() {
        return text.isEmpty() ? List.of() : text.lines().toList();
    }
}
