package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.Version;
import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.stats.ObjType;
import io.ganglion.balancer.stats.StatRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics page in HTML, laid out as HAProxy 2.6's: the process information with the legend
 * and the display links, then one table per proxy with its FRONTEND, listener, server and BACKEND
 * rows in {@code show stat}'s order and HAProxy's 30 columns (Queue, Session rate, Sessions, Bytes,
 * Denied, Errors, Warnings, Server), each server row in its state's class; with the admin form, a
 * checkbox per server and the action list under each backend. Every cell comes from the same
 * {@link StatRow} as {@code show stat}.
 *
 * <p>Made from the templates below; values are escaped by {@link PageTemplate} (names and texts
 * come from the configuration and the servers).
 */
final class StatsPageHtml {
    private static final PageTemplate HEAD = PageTemplate.compile("""
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"
            "http://www.w3.org/TR/html4/loose.dtd">
            <html><head><title>Statistics Report for Ganglion{{titleNode}}</title>
            <link rel="icon" href="data:,">
            <meta http-equiv="content-type" content="text/html; charset=iso-8859-1">
            <style type="text/css"><!--
            {{{css}}}-->
            </style></head>
            <body><h1>Ganglion{{version}}</h1>
            <h2>Statistics Report for pid {{pid}}{{node}}{{desc}}</h2>
            <hr width="100%" class="hr">
            <h3>&gt; General process information</h3>
            <table border=0><tr><td align="left" nowrap width="1%">
            <p><b>pid = </b> {{pid}} (process #1, nbproc = 1, nbthread = {{threads}})<br>
            <b>uptime = </b> {{uptime}}<br>
            <b>maxconn = </b> {{maxconn}}<br>
            current conns = {{conns}}; conn rate = {{connRate}}/sec<br>
            </td><td align="center" nowrap>
            <table class="lgd"><tr>
            <td class="active_up">&nbsp;</td><td class="noborder">active UP </td><td class="backup_up">&nbsp;</td><td class="noborder">backup UP </td></tr>
            <tr><td class="active_going_down"></td><td class="noborder">active UP, going down </td><td class="backup_going_down"></td><td class="noborder">backup UP, going down </td></tr>
            <tr><td class="active_going_up"></td><td class="noborder">active DOWN, going up </td><td class="backup_going_up"></td><td class="noborder">backup DOWN, going up </td></tr>
            <tr><td class="active_down"></td><td class="noborder">active or backup DOWN &nbsp;</td><td class="active_no_check"></td><td class="noborder">not checked </td></tr>
            <tr><td class="maintain"></td><td class="noborder" colspan="3">active or backup DOWN for maintenance (MAINT) &nbsp;</td></tr>
            <tr><td class="active_draining"></td><td class="noborder" colspan="3">active or backup SOFT STOPPED for maintenance &nbsp;</td></tr></table>
            Note: "NOLB"/"DRAIN" = UP with load-balancing disabled.</td><td align="left" valign="top" nowrap width="1%"><b>Display option:</b><ul style="margin-top: 0.25em;"><li><form method="GET">Scope : <input value="{{scope}}" name="scope" size="8" maxlength="20" tabindex="1"/></form>
            <li><a href="{{upLink}}">{{upText}}</a><br>
            {{{refreshLink}}}<li><a href="{{nowLink}}">Refresh now</a><br>
            <li><a href="{{csvLink}}">CSV export</a><br>
            <li><a href="{{jsonLink}}">JSON export</a><br>
            </ul></td></tr></table>
            {{{status}}}""");
    private static final PageTemplate STATUS = PageTemplate.compile(
            "<p><div class={{class}}><a class=lfsb href=\"{{back}}\" title=\"Remove this message\">[X]</a> {{{message}}}</div>\n");
    private static final PageTemplate PROXY_HEAD = PageTemplate.compile("""
            <p>
            {{{form}}}<table class="tbl" width="100%">
            <tr class="titre"><th class="pxname" width="10%"><a name="{{px}}"></a><a class=px href="#{{px}}">{{px}}</a></th><th class="{{descClass}}" width="90%">{{desc}}</th></tr>
            </table>
            <table class="tbl" width="100%">
            <tr class="titre">{{{first}}}<th rowspan=2></th><th colspan=3>Queue</th><th colspan=3>Session rate</th><th colspan=6>Sessions</th><th colspan=2>Bytes</th><th colspan=2>Denied</th><th colspan=3>Errors</th><th colspan=2>Warnings</th><th colspan=9>Server</th></tr>
            <tr class="titre"><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th><th>Total</th><th>LbTot</th><th>Last</th><th>In</th><th>Out</th><th>Req</th><th>Resp</th><th>Req</th><th>Conn</th><th>Resp</th><th>Retr</th><th>Redis</th><th>Status</th><th>LastChk</th><th>Wght</th><th>Act</th><th>Bck</th><th>Chk</th><th>Dwn</th><th>Dwntme</th><th>Thrtle</th></tr>
            """);
    private static final PageTemplate FRONTEND = PageTemplate.compile("<tr class=\"frontend\">{{{first}}}<td class=ac>"
            + "<a name=\"{{px}}/Frontend\"></a><a class=lfsb href=\"#{{px}}/Frontend\">Frontend</a></td><td colspan=3></td>"
            + "<td>{{rate}}</td><td>{{rate_max}}</td><td>{{rate_lim}}</td><td>{{scur}}</td><td>{{smax}}</td><td>{{slim}}</td>"
            + "<td>{{{stot}}}</td><td></td><td></td><td>{{bin}}</td><td>{{bout}}</td><td>{{dreq}}</td><td>{{dresp}}</td>"
            + "<td>{{ereq}}</td><td></td><td></td><td></td><td></td><td class=ac>{{status}}</td><td class=ac colspan=8></td></tr>\n");
    private static final PageTemplate SOCKET = PageTemplate.compile("<tr class=socket>{{{first}}}<td class=ac>"
            + "<a name=\"{{px}}/+{{sv}}\"></a><a class=lfsb href=\"#{{px}}/+{{sv}}\">{{sv}}</a></td><td colspan=3></td>"
            + "<td colspan=3>&nbsp;</td><td>{{scur}}</td><td>{{smax}}</td><td>{{slim}}</td><td>{{stot}}</td><td>&nbsp;</td>"
            + "<td>&nbsp;</td><td>{{bin}}</td><td>{{bout}}</td><td>{{dreq}}</td><td>{{dresp}}</td><td>{{ereq}}</td><td></td>"
            + "<td></td><td></td><td></td><td class=ac>{{status}}</td><td class=ac colspan=8></td></tr>\n");
    private static final PageTemplate SERVER = PageTemplate.compile("<tr class=\"{{state}}\">{{{first}}}<td class=ac>"
            + "<a name=\"{{px}}/{{sv}}\"></a>{{{name}}}</td><td>{{qcur}}</td><td>{{qmax}}</td><td>{{qlimit}}</td>"
            + "<td>{{rate}}</td><td>{{rate_max}}</td><td></td><td>{{scur}}</td><td>{{smax}}</td><td>{{slim}}</td>"
            + "<td>{{{stot}}}</td><td>{{lbtot}}</td><td>{{last}}</td><td>{{bin}}</td><td>{{bout}}</td><td></td><td>{{dresp}}</td>"
            + "<td></td><td>{{econ}}</td><td>{{eresp}}</td><td>{{wretr}}</td><td>{{wredis}}</td><td class=ac>{{{status}}}</td>"
            + "{{{check}}}<td class=ac>{{weight}}</td><td class=ac>{{act}}</td><td class=ac>{{bck}}</td>{{{checks}}}"
            + "<td class=ac>{{throttle}}</td></tr>\n");
    private static final PageTemplate BACKEND = PageTemplate.compile("<tr class=\"backend\">{{{first}}}<td class=ac>"
            + "{{{name}}}</td><td>{{qcur}}</td><td>{{qmax}}</td><td></td><td>{{rate}}</td><td>{{rate_max}}</td><td></td>"
            + "<td>{{scur}}</td><td>{{smax}}</td><td>{{slim}}</td><td>{{{stot}}}</td><td>{{lbtot}}</td><td>{{last}}</td>"
            + "<td>{{bin}}</td><td>{{bout}}</td><td>{{dreq}}</td><td>{{dresp}}</td><td></td><td>{{econ}}</td><td>{{eresp}}</td>"
            + "<td>{{wretr}}</td><td>{{wredis}}</td><td class=ac>{{status}}</td><td class=ac>&nbsp;</td>"
            + "<td class=ac>{{weight}}</td><td class=ac>{{act}}</td><td class=ac>{{bck}}</td><td class=ac>&nbsp;</td>"
            + "<td>{{chkdown}}</td><td>{{downtime}}</td><td></td></tr>\n");
    private static final PageTemplate FORM_END = PageTemplate.compile("</table>Choose the action to perform on the"
            + " checked servers : <select name=action><option value=\"\"></option><option value=\"ready\">Set state to"
            + " READY</option><option value=\"drain\">Set state to DRAIN</option><option value=\"maint\">Set state to"
            + " MAINT</option><option value=\"dhlth\">Health: disable checks</option><option value=\"ehlth\">Health:"
            + " enable checks</option><option value=\"hrunn\">Health: force UP</option><option value=\"hnolb\">Health:"
            + " force NOLB</option><option value=\"hdown\">Health: force DOWN</option><option value=\"dagent\">Agent:"
            + " disable checks</option><option value=\"eagent\">Agent: enable checks</option><option value=\"arunn\">"
            + "Agent: force UP</option><option value=\"adown\">Agent: force DOWN</option><option value=\"shutdown\">"
            + "Kill Sessions</option></select><input type=\"hidden\" name=\"b\" value=\"#{{iid}}\">&nbsp;<input"
            + " type=\"submit\" value=\"Apply\"></form>\n");
    private static final PageTemplate TOTAL_TIP = PageTemplate.compile("<u>{{total}}<div class=tips><table class=det>"
            + "<tr><th>Cum. sessions:</th><td>{{total}}</td></tr>"
            + "<tr><th>Cum. HTTP requests:</th><td>{{req_tot}}</td></tr>"
            + "<tr><th>- HTTP 1xx responses:</th><td>{{hrsp_1xx}}</td></tr>"
            + "<tr><th>- HTTP 2xx responses:</th><td>{{hrsp_2xx}}</td></tr>"
            + "<tr><th>- HTTP 3xx responses:</th><td>{{hrsp_3xx}}</td></tr>"
            + "<tr><th>- HTTP 4xx responses:</th><td>{{hrsp_4xx}}</td></tr>"
            + "<tr><th>- HTTP 5xx responses:</th><td>{{hrsp_5xx}}</td></tr>"
            + "<tr><th>- other responses:</th><td>{{hrsp_other}}</td></tr></table></div></u>");
    private static final PageTemplate CHECK = PageTemplate.compile(
            "<td class=ac><u> {{status}}{{code}} in {{duration}}ms<div class=tips>{{desc}}</div></u></td>");
    private static final PageTemplate CHECKS = PageTemplate.compile(
            "<td><u>{{chkfail}}<div class=tips>Failed Health Checks</div></u></td><td>{{chkdown}}</td><td>{{downtime}}</td>");
    private static final PageTemplate NAME = PageTemplate.compile("<a class=lfsb href=\"#{{px}}/{{sv}}\">{{sv}}</a>");
    private static final PageTemplate NAME_LEGEND = PageTemplate.compile(
            "<u><a class=lfsb href=\"#{{px}}/{{sv}}\">{{sv}}</a><div class=tips>{{legend}}</div></u>");
    private static final PageTemplate BACKEND_NAME = PageTemplate.compile(
            "<a name=\"{{px}}/Backend\"></a><a class=lfsb href=\"#{{px}}/Backend\">Backend</a>");
    private static final PageTemplate BACKEND_LEGEND = PageTemplate.compile("<u><a name=\"{{px}}/Backend\"></a>"
            + "<a class=lfsb href=\"#{{px}}/Backend\">Backend</a><div class=tips>balancing: {{algo}}</div></u>");
    private static final PageTemplate CHECKBOX = PageTemplate.compile(
            "<td><input class='{{px}}-checkbox' type=\"checkbox\" name=\"s\" value=\"{{sv}}\"></td>");
    private static final PageTemplate CHECK_ALL = PageTemplate.compile("<th rowspan=2 width=1><input type=\"checkbox\""
            + " onclick=\"for(c in document.getElementsByClassName('{{px}}-checkbox')) document.getElementsByClassName("
            + "'{{px}}-checkbox').item(c).checked = this.checked\"></th>");

    private final StatsPageSettings settings;
    private final PageRequest request;
    private final boolean admin;
    private final String prefix;

    /**
     * @param prefix the page's URI prefix, for its links
     * @param admin  whether the admin form is shown (the {@code stats admin} condition held)
     */
    StatsPageHtml(StatsPageSettings settings, PageRequest request, boolean admin, String prefix) {
        this.settings = settings;
        this.request = request;
        this.admin = admin;
        this.prefix = prefix;
    }

    /** The whole page over {@code rows} ({@code show stat}'s rows of the proxies shown, in order). */
    String render(BalancerView balancer, List<StatRow> rows) {
        StringBuilder out = new StringBuilder(4096 + rows.size() * 900);
        head(out, balancer);
        int i = 0;
        while (i < rows.size()) {
            int end = i;
            String proxy = rows.get(i).proxyName();
            boolean hasBackend = false;
            while (end < rows.size() && rows.get(end).proxyName().equals(proxy)) {
                hasBackend |= rows.get(end).type() == ObjType.BACKEND;
                end++;
            }
            proxy(out, rows.subList(i, end), hasBackend);
            i = end;
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    private void head(StringBuilder out, BalancerView balancer) {
        String up = request.upOnly() ? "" : ";up";
        String refresh = request.noRefresh() ? "" : ";norefresh";
        String kept = (request.upOnly() ? ";up" : "") + (request.noRefresh() ? ";norefresh" : "");
        Map<String, Object> v = new HashMap<>();
        v.put("css", PageStyle.CSS);
        v.put("version", settings.hideVersion() ? "" : " version " + Version.VERSION + ", released " + Version.RELEASE_DATE);
        v.put("pid", ProcessHandle.current().pid());
        v.put("titleNode", settings.node() == null ? "" : " on " + settings.node());
        v.put("node", settings.node() == null ? "" : " on " + settings.node());
        v.put("desc", settings.description() == null ? "" : ": " + settings.description());
        v.put("threads", balancer.threads());
        v.put("uptime", uptime((System.currentTimeMillis() - balancer.startMillis()) / 1000));
        v.put("maxconn", balancer.globalMaxconn());
        v.put("conns", balancer.activeConnections());
        v.put("connRate", balancer.acceptRateLimits().connectionRate());
        v.put("scope", request.scope());
        v.put("upLink", prefix + up + (request.noRefresh() ? ";norefresh" : "") + scopeSuffix());
        v.put("upText", request.upOnly() ? "Show all servers" : "Hide 'DOWN' servers");
        if (settings.refreshSeconds() > 0) {
            String link = prefix + (request.upOnly() ? ";up" : "") + refresh + scopeSuffix();
            v.put("refreshLink", "<li><a href=\"" + Html.escape(link) + "\">"
                    + (request.noRefresh() ? "Enable refresh" : "Disable refresh") + "</a><br>\n");
        }
        v.put("nowLink", prefix + kept + scopeSuffix());
        v.put("csvLink", prefix + ";csv;norefresh" + scopeSuffix());
        v.put("jsonLink", prefix + ";json;norefresh" + scopeSuffix());
        if (request.status() != null) {
            v.put("status", STATUS.render(Map.of("class", request.status().stateClass, "back", prefix + kept + scopeSuffix(),
                    "message", request.status().html)));
        }
        HEAD.render(out, v);
    }

    private String scopeSuffix() {
        return request.scope().isEmpty() ? "" : "?scope=" + request.scope();
    }

    private void proxy(StringBuilder out, List<StatRow> rows, boolean hasBackend) {
        StatRow any = rows.get(0);
        String px = any.proxyName();
        boolean form = admin && hasBackend;
        Map<String, Object> v = new HashMap<>();
        v.put("px", px);
        v.put("form", form ? "<form method=\"post\">" : "");
        v.put("descClass", "empty");
        v.put("first", !admin ? "" : form ? CHECK_ALL.render(Map.of("px", px)) : "<th rowspan=2></th>");
        PROXY_HEAD.render(out, v);
        for (StatRow r : rows) {
            switch (r.type()) {
                case FRONTEND -> FRONTEND.render(out, frontendCells(r));
                case LISTENER -> SOCKET.render(out, common(r));
                case SERVER -> SERVER.render(out, serverCells(r));
                case BACKEND -> BACKEND.render(out, backendCells(r));
                default -> {
                }
            }
        }
        if (form) {
            FORM_END.render(out, Map.of("iid", any.proxyId()));
        } else {
            out.append("</table>\n");
        }
    }

    /** The cells every row type shows the same way, each by its {@code show stat} column name. */
    private Map<String, Object> common(StatRow r) {
        Map<String, Object> v = new HashMap<>();
        v.put("px", r.proxyName());
        v.put("sv", r.serviceName());
        v.put("first", admin ? "<td></td>" : "");
        for (String c : List.of("qcur", "qmax", "rate", "rate_max", "scur", "smax", "stot", "lbtot", "bin", "bout", "dreq",
                "dresp", "ereq", "econ", "eresp", "wretr", "wredis", "status", "act", "bck", "chkfail", "chkdown")) {
            v.put(c, text(r.value(c)));
        }
        v.put("slim", dashIfEmpty(r.value("slim")));
        return v;
    }

    private Map<String, Object> frontendCells(StatRow r) {
        Map<String, Object> v = common(r);
        Object limit = r.value("rate_lim");
        v.put("rate_lim", limit instanceof Long l && l > 0 ? l : "-");
        v.put("stot", totalTip(r));
        return v;
    }

    private Map<String, Object> serverCells(StatRow r) {
        Map<String, Object> v = common(r);
        String px = r.proxyName();
        String sv = r.serviceName();
        String status = text(r.value("status"));
        boolean backup = Long.valueOf(1).equals(r.value("bck"));
        v.put("state", stateClass(status, backup));
        if (admin) {
            v.put("first", CHECKBOX.render(Map.of("px", px, "sv", sv)));
        }
        if (settings.showLegends()) {
            v.put("name", NAME_LEGEND.render(Map.of("px", px, "sv", sv, "legend", legend(r))));
        } else {
            v.put("name", NAME.render(Map.of("px", px, "sv", sv)));
        }
        v.put("qlimit", dashIfEmpty(r.value("qlimit")));
        v.put("stot", totalTip(r));
        Object last = r.value("lastsess");
        v.put("last", last instanceof Long l && l >= 0 ? uptimeShort(l) : "?");
        boolean checked = r.value("check_status") != null;
        v.put("status", status.equals("no check") ? "<i>no check</i>"
                : Html.escape(uptimeShort(number(r.value("lastchg"))) + " " + status));
        if (checked) {
            Object code = r.value("check_code");
            v.put("check", CHECK.render(Map.of("status", text(r.value("check_status")),
                    "code", code == null ? "" : "/" + code, "duration", text(r.value("check_duration")),
                    "desc", text(r.value("check_desc")))));
            v.put("checks", CHECKS.render(Map.of("chkfail", text(r.value("chkfail")), "chkdown", text(r.value("chkdown")),
                    "downtime", uptimeShort(number(r.value("downtime"))))));
        } else {
            v.put("check", "<td></td>");
            v.put("checks", "<td colspan=3></td>");
        }
        v.put("weight", text(r.value("weight")) + "/" + text(r.value("uweight")));
        v.put("act", backup ? "-" : "Y");
        v.put("bck", backup ? "Y" : "-");
        Object throttle = r.value("throttle");
        v.put("throttle", throttle == null ? "-" : throttle + " %");
        return v;
    }

    private Map<String, Object> backendCells(StatRow r) {
        Map<String, Object> v = common(r);
        String px = r.proxyName();
        v.put("name", settings.showLegends()
                ? BACKEND_LEGEND.render(Map.of("px", px, "algo", text(r.value("algo"))))
                : BACKEND_NAME.render(Map.of("px", px)));
        v.put("stot", totalTip(r));
        Object last = r.value("lastsess");
        v.put("last", last instanceof Long l && l >= 0 ? uptimeShort(l) : "?");
        v.put("status", uptimeShort(number(r.value("lastchg"))) + " " + text(r.value("status")));
        v.put("weight", text(r.value("weight")) + "/" + text(r.value("uweight")));
        v.put("downtime", uptimeShort(number(r.value("downtime"))));
        return v;
    }

    /** The session total, with the HTTP figures in its tooltip on an HTTP proxy. */
    private static String totalTip(StatRow r) {
        String total = text(r.value("stot"));
        if (!"http".equals(r.value("mode"))) {
            return Html.escape(total);
        }
        Map<String, Object> v = new HashMap<>();
        v.put("total", total);
        for (String c : List.of("req_tot", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
            v.put(c, text(r.value(c)));
        }
        return TOTAL_TIP.render(v);
    }

    /** {@code stats show-legends}: the server's address and id. */
    private static String legend(StatRow r) {
        Object addr = r.value("addr");
        return (addr == null ? "" : (text(addr).startsWith("[") ? "IPv6: " : "IPv4: ") + addr + ", ") + "id: " + r.id();
    }

    /**
     * HAProxy's class for a server row, from its {@code show stat} status: maintenance, draining,
     * NOLB, not checked, UP, going down ({@code UP 1/3}), going up ({@code DOWN 1/2}), DOWN; backup
     * servers have their own colours for all but maintenance.
     */
    static String stateClass(String status, boolean backup) {
        String side = backup ? "backup_" : "active_";
        if (status.startsWith("MAINT")) {
            return "maintain";
        }
        if (status.startsWith("DRAIN")) {
            return side + "draining";
        }
        if (status.startsWith("NOLB")) {
            return side + "nolb";
        }
        if (status.equals("no check")) {
            return side + "no_check";
        }
        if (status.startsWith("UP ")) {
            return side + "going_down";
        }
        if (status.startsWith("UP")) {
            return side + "up";
        }
        if (status.startsWith("DOWN ")) {
            return side + "going_up";
        }
        return side + "down";
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Object dashIfEmpty(Object value) {
        return value == null ? "-" : value;
    }

    private static long number(Object value) {
        return value instanceof Long l ? l : 0;
    }

    /** HAProxy's page durations: {@code 5s}, {@code 3m5s}, {@code 2h3m}, {@code 1d2h}. */
    static String uptimeShort(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h" + seconds / 60 % 60 + "m";
        }
        return seconds / 86400 + "d" + seconds / 3600 % 24 + "h";
    }

    /** The process block's uptime, as HAProxy writes it: {@code 0d 0h00m01s}. */
    static String uptime(long seconds) {
        return String.format("%dd %dh%02dm%02ds", seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    }
}
