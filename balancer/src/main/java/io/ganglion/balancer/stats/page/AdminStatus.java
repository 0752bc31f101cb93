package io.ganglion.balancer.stats.page;

/**
 * The outcome of an admin form's POST, as HAProxy names it in the {@code ;st=} of its redirect and
 * describes it on the page that follows (the state class gives the message its colour).
 */
enum AdminStatus {
    DONE("active_up", "Action processed successfully."),
    PART("active_going_down", "Action partially processed.<br>Some server names are probably unknown or ambiguous"
            + " (duplicated names in the backend)."),
    NONE("active_going_down", "Nothing has changed."),
    DENY("active_down", "<b>Action denied.</b>"),
    ERRP("active_down", "Action not processed because of invalid parameters.<ul><li>The action is maybe unknown.</li>"
            + "<li>Invalid key parameter (empty or too long).</li><li>The backend name is probably unknown or ambiguous"
            + " (duplicated names).</li><li>Some server names are probably unknown or ambiguous (duplicated names in the"
            + " backend).</li></ul>"),
    EXCD("active_down", "<b>Action not processed : the buffer couldn't store all the data.<br>You should retry with"
            + " less servers at a time.</b>"),
    UNKN("active_no_check", "Unexpected result.");

    /** The message's state class. */
    final String stateClass;
    /** The message, HTML as HAProxy writes it (a constant: nothing of the request is in it). */
    final String html;

    AdminStatus(String stateClass, String html) {
        this.stateClass = stateClass;
        this.html = html;
    }

    /** The status a {@code ;st=} word names; an unknown word shows HAProxy's "Unexpected result". */
    static AdminStatus fromCode(String code) {
        for (AdminStatus s : values()) {
            if (s.name().equals(code)) {
                return s;
            }
        }
        return UNKN;
    }
}
