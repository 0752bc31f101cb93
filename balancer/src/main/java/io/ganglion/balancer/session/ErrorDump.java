package io.ganglion.balancer.session;

/**
 * The bytes of a captured message as HAProxy 2.6's {@code show errors} prints them: one line per
 * line of the message, each starting with its offset ({@code "  00017  "}); a line longer than
 * {@value #WIDTH} printed characters continues on a line marked {@code +}
 * ({@code "  00096+ "}). Printable ASCII is printed as is, {@code \} doubled, and the other bytes
 * escaped: {@code \t \n \r \e}, else {@code \xHH}. A line ends after each LF byte.
 *
 * <p>The width was measured on HAProxy 2.6.12 (an escape is never split across two lines).
 */
final class ErrorDump {
    /** The most characters HAProxy prints of the message on one line, escapes included. */
    static final int WIDTH = 70;

    private ErrorDump() {
    }

    static void append(StringBuilder out, ErrorSnapshot capture) {
        int length = capture.length();
        int i = 0;
        boolean continuation = false;
        while (i < length) {
            out.append("  ").append("%05d".formatted(i)).append(continuation ? '+' : ' ').append(' ');
            int printed = 0;
            while (i < length) {
                byte b = capture.byteAt(i);
                String form = escaped(b);
                if (printed + form.length() > WIDTH) {
                    break;
                }
                out.append(form);
                printed += form.length();
                i++;
                if (b == '\n') {
                    break;
                }
            }
            out.append('\n');
            continuation = i > 0 && capture.byteAt(i - 1) != '\n';
        }
    }

    private static String escaped(byte b) {
        int c = b & 0xff;
        return switch (c) {
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case 0x1b -> "\\e";
            case '\\' -> "\\\\";
            default -> c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "\\x%02X".formatted(c);
        };
    }
}
