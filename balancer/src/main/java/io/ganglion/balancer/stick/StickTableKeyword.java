package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxyBuilder;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Setting;
import io.ganglion.balancer.config.TimeParser;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stick-table type ip|ipv6|integer|string [len N]|binary [len N] size N[k|m] [expire T]
 * [nopurge] [store DATA,...]}, refused with HAProxy 2.6's words ({@code haproxy -c} on the same
 * lines), which all start with {@code stick-table: }.
 */
public final class StickTableKeyword {
    /** The proxy's table, or null when it declares none. */
    public static final Setting<StickTableSpec> STICK_TABLE = Setting.of("stick-table", null);

    private StickTableKeyword() {
    }

    public static KeywordRow row() {
        return KeywordRow.of("stick-table", EnumSet.of(SectionKind.FRONTEND, SectionKind.BACKEND, SectionKind.LISTEN),
                StickTableKeyword::apply);
    }

    private static void apply(ParseContext ctx, List<String> args) throws KeywordException {
        ProxyBuilder proxy = ctx.proxy();
        StickTableSpec earlier = proxy.get(STICK_TABLE);
        if (earlier != null) {
            throw new KeywordException(conflict(proxy.name(), ProxyBuilder.kindWord(proxy.kind()), earlier));
        }
        proxy.set(STICK_TABLE, parse(proxy.name(), args, ctx));
    }

    static StickTableSpec parse(String name, List<String> args, ParseContext ctx) throws KeywordException {
        KeyType type = null;
        int length = 0;
        long size = 0;
        long expire = 0;
        boolean nopurge = false;
        Map<DataType, Integer> stored = new EnumMap<>(DataType.class);
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            switch (word) {
                case "size" -> size = sizeOf(valueAfter(args, ++i, word));
                case "expire" -> expire = timeOf(valueAfter(args, ++i, word), word);
                case "nopurge" -> nopurge = true;
                case "type" -> {
                    String typeWord = i + 1 < args.size() ? args.get(++i) : "";
                    type = KeyType.byKeyword(typeWord).orElseThrow(() -> error("unknown type '" + typeWord + "'."));
                    length = type.defaultLength();
                    if (type.hasLength() && i + 1 < args.size() && args.get(i + 1).equals("len")) {
                        i += 2;
                        String len = i < args.size() ? args.get(i) : "";
                        // HAProxy names the length it could not read as the type it did not know
                        length = positive(len).orElseThrow(() -> error("unknown type '" + len + "'."));
                    }
                }
                case "store" -> {
                    if (i + 1 < args.size()) {
                        store(args.get(++i), stored, ctx);
                    }
                }
                default -> throw error("unknown argument '" + word + "'.");
            }
        }
        if (size == 0) {
            throw error("missing size.");
        }
        if (type == null) {
            throw error("missing type.");
        }
        return new StickTableSpec(name, type, length, (int) Math.min(size, Integer.MAX_VALUE), expire, nopurge, stored,
                ctx.source());
    }

    /** {@code DATA[(PERIOD)],...}: a rate needs its period, nothing else takes one. */
    private static void store(String list, Map<DataType, Integer> stored, ParseContext ctx) throws KeywordException {
        for (String item : list.split(",", -1)) {
            int paren = item.indexOf('(');
            String dataName = paren < 0 ? item : item.substring(0, paren);
            DataType data = DataType.byKeyword(dataName)
                    .orElseThrow(() -> error("unknown store option '" + dataName + "'."));
            int period = 0;
            if (data.isRate()) {
                if (paren < 0) {
                    throw error("missing argument to store option '" + dataName + "'.");
                }
                if (!item.endsWith(")")) {
                    throw error("error when processing store option '" + dataName + "'.");
                }
                try {
                    period = (int) Math.min(Integer.MAX_VALUE,
                            TimeParser.parse(item.substring(paren + 1, item.length() - 1)).toMillis());
                } catch (KeywordException e) {
                    throw error("error when processing store option '" + dataName + "'.");
                }
            } else if (paren >= 0) {
                throw error("unexpected argument to store option '" + dataName + "'.");
            }
            if (stored.containsKey(data)) {
                ctx.warn("stick-table: store option '" + dataName + "' already enabled, ignored.");
            } else {
                stored.put(data, period);
            }
        }
    }

    private static String valueAfter(List<String> args, int i, String keyword) throws KeywordException {
        if (i >= args.size() || args.get(i).isEmpty()) {
            throw error("missing argument after '" + keyword + "'.");
        }
        return args.get(i);
    }

    /** A count with HAProxy's size suffixes: {@code k} (1024) and {@code m} (1048576). */
    private static long sizeOf(String text) throws KeywordException {
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 10) {
            throw error("unexpected character '" + text.charAt(digits == 0 ? 0 : digits) + "' in argument of 'size'.");
        }
        long n = Long.parseLong(text.substring(0, digits));
        String unit = text.substring(digits);
        return switch (unit) {
            case "" -> n;
            case "k", "K" -> n << 10;
            case "m", "M" -> n << 20;
            default -> throw error("unexpected character '" + unit.charAt(unit.charAt(0) == 'k' || unit.charAt(0) == 'm'
                    ? 1 : 0) + "' in argument of 'size'.");
        };
    }

    private static long timeOf(String text, String keyword) throws KeywordException {
        try {
            return TimeParser.parse(text).toMillis();
        } catch (KeywordException e) {
            throw error(e.getMessage() + " in argument of '" + keyword + "'.");
        }
    }

    private static java.util.Optional<Integer> positive(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return java.util.Optional.empty();
        }
        int n = Integer.parseInt(text);
        return n > 0 ? java.util.Optional.of(n) : java.util.Optional.empty();
    }

    private static KeywordException error(String message) {
        return new KeywordException("stick-table: " + message);
    }

    private static String conflict(String name, String kindWord, StickTableSpec earlier) {
        return "stick-table name '" + name + "' conflicts with table declared in " + kindWord + " '" + name + "' at "
                + earlier.source() + ".";
    }

    /**
     * Two proxies with the same name and a table each (a frontend and a backend may share a name):
     * their tables would share it too, which HAProxy refuses at the second one.
     */
    public static ConfigCheck uniqueNames() {
        return (proxies, backends, problems) -> {
            Map<String, ProxySection> first = new HashMap<>();
            for (ProxySection p : proxies) {
                StickTableSpec spec = p.get(STICK_TABLE);
                if (spec == null) {
                    continue;
                }
                ProxySection earlier = first.putIfAbsent(p.name(), p);
                if (earlier != null) {
                    problems.add(Problem.alert(spec.source(), conflict(p.name(),
                            ProxyBuilder.kindWord(earlier.kind()), earlier.get(STICK_TABLE))));
                }
            }
        };
    }
}
