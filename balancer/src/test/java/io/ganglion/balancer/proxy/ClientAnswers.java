package io.ganglion.balancer.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what a client received on one connection as a list of HTTP/1 answers: each status code,
 * the body after a 200, and what ended the stream early. Bytes that are not HTTP/1 (an HTTP/2
 * SETTINGS frame, say) are named as such, with their count.
 */
final class ClientAnswers {
    private ClientAnswers() {
    }

    /** e.g. {@code "200 ok, 400"}, {@code "none"}, {@code "200 (cut in its body)"}. */
    static String statuses(String received) {
        return read(received, false);
    }

    /** As {@link #statuses}, each answer other than a 200 followed by its bytes: the error pages too. */
    static String statusesAndPages(String received) {
        return read(received, true);
    }

    private static String read(String received, boolean withPages) {
        List<String> answers = new ArrayList<>();
        int pos = 0;
        while (pos < received.length()) {
            if (!received.startsWith("HTTP/1.", pos)) {
                answers.add(received.length() - pos + " bytes that are not HTTP/1");
                break;
            }
            int headEnd = received.indexOf("\r\n\r\n", pos);
            if (headEnd < 0) {
                answers.add("(cut in a head)");
                break;
            }
            int headStart = pos;
            String head = received.substring(pos, headEnd);
            String status = head.substring(9, 12);
            pos = headEnd + 4;
            int bodyEnd = bodyEnd(head.toLowerCase(Locale.ROOT), status, received, pos);
            if (bodyEnd < 0) {
                answers.add(status + " (cut in its body)");
                break;
            }
            if (status.equals("200")) {
                answers.add(status + " " + decodedBody(head, received.substring(pos, bodyEnd)));
            } else {
                answers.add(withPages ? status + " <<" + comparablePage(received.substring(headStart, headEnd), received.substring(pos, bodyEnd)) + ">>" : status);
            }
            pos = bodyEnd;
        }
        return answers.isEmpty() ? "none" : String.join(", ", answers);
    }

    /**
     * An error page, with its header names in lower case and without {@code Connection}: HAProxy
     * 2.6 writes its 400 as Ganglion does, but a 502 through its HTTP/1 multiplexer, which lowers
     * the names and leaves {@code Connection: close} out (whether the connection closes is read
     * from the stream itself: a later answer, or none).
     */
    private static String comparablePage(String head, String body) {
        StringBuilder b = new StringBuilder();
        String[] lines = head.split("\r\n");
        b.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
            if (!name.equals("connection")) {
                b.append(name).append(lines[i].substring(colon)).append("\r\n");
            }
        }
        return b.append("\r\n").append(body).toString();
    }

    /** Where the body that starts at {@code pos} ends, or -1 when the stream ends before it does. */
    private static int bodyEnd(String head, String status, String s, int pos) {
        if (status.startsWith("1") || status.equals("204") || status.equals("304")) {
            return pos;
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            int p = pos;
            while (true) {
                int lineEnd = s.indexOf("\r\n", p);
                if (lineEnd < 0) {
                    return -1;
                }
                int size;
                try {
                    size = Integer.parseInt(s.substring(p, lineEnd).split(";")[0].strip(), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
                if (size == 0) {
                    int end = s.indexOf("\r\n\r\n", lineEnd); // after the trailers, if any
                    return end < 0 ? -1 : end + 4;
                }
                p = lineEnd + 2 + size + 2;
                if (p > s.length()) {
                    return -1;
                }
            }
        }
        int cl = head.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int eol = head.indexOf("\r\n", cl + 2);
            long n = Long.parseLong(head.substring(cl + 17, eol < 0 ? head.length() : eol).strip());
            return pos + n > s.length() ? -1 : (int) (pos + n);
        }
        return s.length(); // delimited by the close
    }

    private static String decodedBody(String head, String body) {
        if (!head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            return body;
        }
        StringBuilder b = new StringBuilder();
        int p = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", p);
            int size = Integer.parseInt(body.substring(p, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return b.toString();
            }
            b.append(body, lineEnd + 2, lineEnd + 2 + size);
            p = lineEnd + 2 + size + 2;
        }
    }
}
