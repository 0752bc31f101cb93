package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.ConverterKeyword;
import io.ganglion.balancer.pattern.EntryIndex;
import io.ganglion.balancer.pattern.IpIndex;
import io.ganglion.balancer.pattern.ListIndex;
import io.ganglion.balancer.pattern.MatchMethod;
import io.ganglion.balancer.pattern.PatternEntry;
import io.ganglion.balancer.pattern.PatternException;
import io.ganglion.balancer.pattern.PatternExpression;
import io.ganglion.balancer.pattern.PatternIndex;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.pattern.ValueKind;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code map_<match>[_<output>](file[,default])}: the sample looked up in a map file's reference
 * with the match's structure ({@code map_ip}: the longest network), the entry's value out, else the
 * default, else no sample. The reference is the file's, shared with every other user, so
 * {@code set map} on the socket changes what the next request finds.
 */
final class MapConverters {
    private MapConverters() {
    }

    private record Match(String word, MatchMethod method, SampleType input) {
    }

    private static final List<Match> MATCHES = List.of(new Match("str", MatchMethod.STR, SampleType.STR),
            new Match("beg", MatchMethod.BEG, SampleType.STR), new Match("sub", MatchMethod.SUB, SampleType.STR),
            new Match("dir", MatchMethod.DIR, SampleType.STR), new Match("dom", MatchMethod.DOM, SampleType.STR),
            new Match("end", MatchMethod.END, SampleType.STR), new Match("reg", MatchMethod.REG, SampleType.STR),
            new Match("int", MatchMethod.INT, SampleType.SINT), new Match("ip", MatchMethod.IP, SampleType.ADDR));

    static List<ConverterKeyword> table() {
        List<ConverterKeyword> rows = new ArrayList<>();
        ArgumentSpec args = ArgumentSpec.of(1, ArgType.MAP_FILE, ArgType.STR);
        rows.add(new ConverterKeyword("map", args, SampleType.STR, SampleType.STR,
                (a, scope) -> compile("map", MatchMethod.STR, ValueKind.STR, a, scope)));
        for (Match m : MATCHES) {
            for (ValueKind out : List.of(ValueKind.STR, ValueKind.INT, ValueKind.IP)) {
                String name = "map_" + m.word + (out == ValueKind.STR ? "" : out == ValueKind.INT ? "_int" : "_ip");
                SampleType type = out == ValueKind.STR ? SampleType.STR : out == ValueKind.INT ? SampleType.SINT : SampleType.ADDR;
                rows.add(new ConverterKeyword(name, args, m.input, type,
                        (a, scope) -> compile(name, m.method, out, a, scope)));
            }
        }
        return rows;
    }

    /** The compiled map: its expression is filled now, or at the end of the load for the deferred users. */
    private static final class MapLookup implements Converter {
        private final MatchMethod method;
        private final ValueKind out;
        private final Sample fallback;
        /** Set once during the load (now, or by the deferred work); the loops start after it. */
        private PatternExpression expression;

        MapLookup(MatchMethod method, ValueKind out, Sample fallback) {
            this.method = method;
            this.out = out;
            this.fallback = fallback;
        }

        @Override
        public Sample convert(Sample input, io.ganglion.balancer.proxy.stream.Stream stream) {
            String value = lookup(input, expression.index());
            if (value == null) {
                return fallback;
            }
            return switch (out) {
                case INT -> Sample.integer(Long.parseLong(value));
                case IP -> Sample.address(Addresses.literal(value));
                default -> Sample.string(value);
            };
        }

        /** The value of the entry the sample finds, or null (none found; a map's entries all have a value). */
        private String lookup(Sample input, PatternIndex index) {
            PatternEntry e;
            switch (method) {
                case IP: {
                    InetAddress a = input.asAddress();
                    return a == null ? null : ((IpIndex) index).value(a);
                }
                case INT: {
                    Long v = input.asInteger();
                    e = v == null ? null : ((ListIndex) index).match(v);
                    break;
                }
                default:
                    e = ((EntryIndex) index).matchText(input.asString());
            }
            return e == null ? null : e.value();
        }
    }

    private static Converter compile(String name, MatchMethod method, ValueKind out, List<Object> args, RuleScope scope)
            throws RuleException {
        String file = (String) args.get(0);
        Sample fallback = null;
        if (args.size() > 1) {
            String d = (String) args.get(1);
            fallback = switch (out) {
                case INT -> {
                    try {
                        yield Sample.integer(Long.parseLong(d));
                    } catch (NumberFormatException e) {
                        throw new RuleException("invalid args in converter '" + name + "' : cannot parse default integer '"
                                + d + "'");
                    }
                }
                case IP -> Sample.address(Addresses.literal(d));
                default -> Sample.string(d);
            };
        }
        MapLookup lookup = new MapLookup(method, out, fallback);
        PatternReferences.User user = new PatternReferences.User(PatternReference.Kind.MAP, scope.where().file(),
                scope.where().line());
        if (scope.deferMaps()) {
            scope.load().defer(problems -> {
                try {
                    lookup.expression = load(name, file, method, out, scope.patterns(), user);
                } catch (RuleException e) {
                    problems.add(io.ganglion.balancer.config.Problem.alert(scope.where(), e.getMessage()));
                }
            });
        } else {
            lookup.expression = load(name, file, method, out, scope.patterns(), user);
        }
        return lookup;
    }

    private static PatternExpression load(String name, String file, MatchMethod method, ValueKind out,
            PatternReferences refs, PatternReferences.User user) throws RuleException {
        PatternReference ref;
        try {
            ref = refs.file(file, user);
        } catch (IOException e) {
            throw new RuleException("invalid args in converter '" + name + "' : failed to open pattern file <" + file + ">");
        }
        try {
            return ref.expression(method, false, out);
        } catch (PatternException e) {
            String m = e.getMessage();
            throw new RuleException("invalid args in converter '" + name + "' : " + m.substring(0, m.length() - 1));
        }
    }
}
