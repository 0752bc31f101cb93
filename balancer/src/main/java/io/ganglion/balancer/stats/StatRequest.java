package io.ganglion.balancer.stats;

import java.util.List;

/**
 * The arguments of {@code show stat [{<iid>|<proxy>} <type> <sid>] [typed|json] [up|no-maint]}.
 * As in HAProxy, the three filter words count only when all three are there; other words are
 * ignored.
 *
 * @param proxy    proxy name or id, or null for all ({@code -1})
 * @param typeMask bitmask of {@link ObjType#filterBit()}; -1 = all
 * @param serverId a server id, or -1 for all
 * @param upOnly   {@code up}: only servers that are UP (or not checked)
 * @param noMaint  {@code no-maint}: no server in maintenance
 */
public record StatRequest(String proxy, int typeMask, int serverId, StatFormat format, boolean upOnly,
        boolean noMaint) {

    public static StatRequest all() {
        return new StatRequest(null, -1, -1, StatFormat.CSV, false, false);
    }

    /** @param args the words after {@code show stat} */
    public static StatRequest parse(List<String> args) {
        String proxy = null;
        int typeMask = -1;
        int serverId = -1;
        int next = 0;
        if (args.size() >= 3 && !args.get(0).isEmpty() && !args.get(1).isEmpty() && !args.get(2).isEmpty()) {
            proxy = args.get(0).equals("-1") ? null : args.get(0);
            typeMask = atoi(args.get(1));
            serverId = atoi(args.get(2));
            next = 3;
        }
        StatFormat format = StatFormat.CSV;
        boolean up = false;
        boolean noMaint = false;
        for (String w : args.subList(next, args.size())) {
            switch (w) {
                case "typed" -> format = StatFormat.TYPED;
                case "json" -> format = StatFormat.JSON;
                case "up" -> up = true;
                case "no-maint" -> noMaint = true;
                default -> {
                    // HAProxy ignores words it does not know here.
                }
            }
        }
        return new StatRequest(proxy, typeMask, serverId, format, up, noMaint);
    }

    boolean wants(ObjType type) {
        return (typeMask & type.filterBit()) != 0;
    }

    /** C's atoi: the leading digits (with a sign), 0 when there are none. */
    static int atoi(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i++) == '-';
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return (int) (negative ? -v : Math.min(v, Integer.MAX_VALUE));
    }
}
