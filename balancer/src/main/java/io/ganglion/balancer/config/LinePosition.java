package io.ganglion.balancer.config;

/**
 * Points at one byte of a configuration line the way HAProxy's line reader does in its errors:
 * {@code MESSAGE at position N:}, then the line without its indentation, then a caret under the byte.
 * Positions count bytes from 1, as HAProxy reads bytes, not characters.
 */
final class LinePosition {
    private LinePosition() {
    }

    /**
     * @param line    the line's bytes (UTF-8)
     * @param index   the byte pointed at
     * @param echoEnd where the echoed line stops: HAProxy cuts the line in place while it reads it
     *                (see {@link VariableReference}), so its echo ends at the first cut
     */
    static String describe(String message, byte[] line, int index, int echoEnd) {
        int start = 0;
        while (start < line.length && isSpace(line[start])) {
            start++;
        }
        StringBuilder echo = new StringBuilder();
        for (int i = start; i < Math.min(echoEnd, line.length); i++) {
            byte b = line[i];
            // Blanks show as spaces and any other byte that is not printable ASCII as '?', one per byte.
            echo.append(isSpace(b) ? ' ' : b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return message + " at position " + (index + 1) + ":\n  " + echo + "\n  " + " ".repeat(Math.max(0, index - start)) + "^";
    }

    /** C's isspace(): what HAProxy strips from the front of the echo and shows as a space. */
    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
