package io.ganglion.runtime;

import java.util.List;

/**
 * Tells a success answer from an error answer for one command. HAProxy has no status code: most
 * changes answer nothing on success, a few answer a fixed sentence, and data dumps answer data.
 */
@FunctionalInterface
public interface ReplyCheck {

    boolean isSuccess(String answerText);

    /** Success is an empty answer, or one of the given notices (e.g. "All sockets are already enabled."). */
    static ReplyCheck silent(String... acceptedNotices) {
        List<String> notices = List.of(acceptedNotices);
        return text -> text.isBlank() || notices.contains(text.strip());
    }

    /** Success is any answer whose first line is not a known error (data dumps, raw commands). */
    static ReplyCheck output() {
        return text -> !ErrorTexts.isError(text);
    }

    /** Success is an answer that starts with one of the given sentences (e.g. "New server registered."). */
    static ReplyCheck startsWith(String... successPrefixes) {
        List<String> prefixes = List.of(successPrefixes);
        return text -> prefixes.stream().anyMatch(text::startsWith);
    }
}
