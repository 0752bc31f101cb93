package io.ganglion.balancer.stats.page;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a request asks of the page, read from its URI after the page's prefix as HAProxy reads it:
 * the words {@code ;up}, {@code ;norefresh}, {@code ;csv}, {@code ;json}, {@code ;st=CODE} and a
 * {@code scope=} value (the page's scope box), anywhere after the prefix.
 *
 * @param upOnly    {@code ;up}: servers that are DOWN are left out
 * @param noRefresh {@code ;norefresh}: no {@code refresh} header
 * @param format    the page, the CSV or the JSON export
 * @param status    the {@code ;st=} code of the form's last action, or null
 * @param scope     the {@code scope=} value: only proxies whose name holds it (any case), "" for all
 */
record PageRequest(boolean upOnly, boolean noRefresh, Format format, AdminStatus status, String scope) {
    enum Format { HTML, CSV, JSON }

    /** HAProxy's limit on the scope box's value. */
    private static final int SCOPE_MAX = 20;

    static PageRequest parse(String rest) {
        Format format = rest.contains(";csv") ? Format.CSV : rest.contains(";json") ? Format.JSON : Format.HTML;
        AdminStatus status = null;
        int st = rest.indexOf(";st=");
        if (st >= 0) {
            status = AdminStatus.fromCode(rest.substring(st + 4, Math.min(rest.length(), st + 8)));
        }
        String scope = "";
        int sc = rest.indexOf("scope=");
        if (sc >= 0) {
            int end = sc + 6;
            while (end < rest.length() && rest.charAt(end) != '&' && rest.charAt(end) != ';') {
                end++;
            }
            scope = URLDecoder.decode(rest.substring(sc + 6, end), StandardCharsets.ISO_8859_1);
            scope = scope.substring(0, Math.min(SCOPE_MAX, scope.length()));
        }
        return new PageRequest(rest.contains(";up"), rest.contains(";norefresh"), format, status, scope);
    }
}
