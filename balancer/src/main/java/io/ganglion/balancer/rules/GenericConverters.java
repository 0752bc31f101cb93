package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.ConverterKeyword;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code rules} package's converters but the maps (HAProxy 2.6 configuration manual, section 7.3.1). */
final class GenericConverters {
    private GenericConverters() {
    }

    static List<ConverterKeyword> table() {
        List<ConverterKeyword> rows = new ArrayList<>(List.of(
                ConverterKeyword.of("lower", SampleType.STR, SampleType.STR,
                        (in, s) -> Sample.string(asciiCase(in.asString(), false))),
                ConverterKeyword.of("upper", SampleType.STR, SampleType.STR,
                        (in, s) -> Sample.string(asciiCase(in.asString(), true))),
                ConverterKeyword.of("length", SampleType.STR, SampleType.SINT, (in, s) -> Sample.integer(in.asString().length())),
                ConverterKeyword.of("base64", SampleType.STR, SampleType.STR, (in, s) -> Sample.string(
                        Base64.getEncoder().encodeToString(in.asString().getBytes(StandardCharsets.ISO_8859_1)))),
                new ConverterKeyword("json", ArgumentSpec.of(0, ArgType.STR), SampleType.STR, SampleType.STR,
                        (args, scope) -> json(args)),
                new ConverterKeyword("ipmask", ArgumentSpec.of(1, ArgType.IPV4_MASK, ArgType.SINT), SampleType.ADDR,
                        SampleType.ADDR, (args, scope) -> ipmask(args)),
                new ConverterKeyword("field", ArgumentSpec.of(2, ArgType.SINT, ArgType.STR, ArgType.SINT), SampleType.STR,
                        SampleType.STR, (args, scope) -> fields(args, false)),
                new ConverterKeyword("word", ArgumentSpec.of(2, ArgType.SINT, ArgType.STR, ArgType.SINT), SampleType.STR,
                        SampleType.STR, (args, scope) -> fields(args, true)),
                new ConverterKeyword("regsub", ArgumentSpec.of(2, ArgType.REGEX, ArgType.STR, ArgType.STR), SampleType.STR,
                        SampleType.STR, (args, scope) -> regsub(args)),
                new ConverterKeyword("bytes", ArgumentSpec.of(1, ArgType.SINT, ArgType.SINT), SampleType.STR, SampleType.STR,
                        (args, scope) -> bytes(args)),
                new ConverterKeyword("concat", ArgumentSpec.of(0, ArgType.STR, ArgType.STR, ArgType.STR), SampleType.STR,
                        SampleType.STR, (args, scope) -> concat(args)),
                new ConverterKeyword("add", ArgumentSpec.of(1, ArgType.STR), SampleType.SINT, SampleType.SINT,
                        (args, scope) -> arithmetic(args, +1)),
                new ConverterKeyword("sub", ArgumentSpec.of(1, ArgType.STR), SampleType.SINT, SampleType.SINT,
                        (args, scope) -> arithmetic(args, -1))));
        rows.addAll(MapConverters.table());
        return rows;
    }

    /** HAProxy's tolower/toupper: ASCII letters only (a sample's text is bytes, one char each). */
    static String asciiCase(String v, boolean upper) {
        char[] c = v.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (upper && c[i] >= 'a' && c[i] <= 'z') {
                c[i] -= 32;
            } else if (!upper && c[i] >= 'A' && c[i] <= 'Z') {
                c[i] += 32;
            }
        }
        return new String(c);
    }

    private static Converter json(List<Object> args) throws RuleException {
        String mode = args.isEmpty() ? "" : (String) args.get(0);
        if (!mode.isEmpty() && !mode.equals("ascii") && !mode.equals("utf8") && !mode.equals("utf8s")
                && !mode.equals("utf8p") && !mode.equals("utf8ps")) {
            throw new RuleException("Unexpected input code type. Allowed value are 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'");
        }
        boolean utf8 = mode.startsWith("utf8");
        return (in, s) -> {
            String v = in.asString();
            StringBuilder sb = new StringBuilder(v.length() + 8);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '/' -> sb.append("\\/");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\r' -> sb.append("\\r");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || (c > 0x7e && !utf8)) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return Sample.string(sb.toString());
        };
    }

    private static Converter ipmask(List<Object> args) throws RuleException {
        int mask4 = (Integer) args.get(0);
        int bits6 = args.size() > 1 ? (int) (long) (Long) args.get(1) : 128;
        if (bits6 < 0 || bits6 > 128) {
            throw new RuleException("invalid arg 2 in converter 'ipmask' : failed to parse '" + bits6
                    + "' as type 'IPv6 mask' at position 2");
        }
        return (in, s) -> {
            InetAddress a = in.asAddress();
            if (a == null) {
                return null;
            }
            byte[] b = a.getAddress();
            if (a instanceof Inet4Address) {
                int v = Addresses.int4((Inet4Address) a) & mask4;
                return Sample.address(Addresses.fromInt(v));
            }
            for (int i = 0; i < 16; i++) {
                int keep = Math.max(0, Math.min(8, bits6 - 8 * i));
                b[i] &= (byte) (0xff << (8 - keep));
            }
            try {
                return Sample.address(Inet6Address.getByAddress(b));
            } catch (UnknownHostException impossible) {
                return null;
            }
        };
    }

    /**
     * {@code field(index,delimiters[,count])} and {@code word(...)}: the index-th part (from the end
     * when negative) and the count-1 after it; {@code word} skips empty parts.
     */
    private static Converter fields(List<Object> args, boolean words) {
        long index = (Long) args.get(0);
        String delims = (String) args.get(1);
        long count = args.size() > 2 ? (Long) args.get(2) : 1;
        return (in, s) -> {
            String v = in.asString();
            List<int[]> parts = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= v.length(); i++) {
                if (i == v.length() || delims.indexOf(v.charAt(i)) >= 0) {
                    if (!words || i > start) {
                        parts.add(new int[] {start, i});
                    }
                    start = i + 1;
                }
            }
            if (index == 0 || parts.isEmpty()) {
                return null;
            }
            int first = index > 0 ? (int) index - 1 : parts.size() + (int) index;
            if (first < 0 || first >= parts.size()) {
                return Sample.string("");
            }
            int last = count <= 0 ? parts.size() - 1 : (int) Math.min(parts.size() - 1, first + count - 1);
            return Sample.string(v.substring(parts.get(first)[0], parts.get(last)[1]));
        };
    }

    private static Converter regsub(List<Object> args) throws RuleException {
        Pattern re = (Pattern) args.get(0);
        String flags = args.size() > 2 ? (String) args.get(2) : "";
        for (char f : flags.toCharArray()) {
            if (f != 'g' && f != 'i') {
                throw new RuleException("invalid arg 3 in converter 'regsub' : invalid regex flag '" + f + "'");
            }
        }
        Pattern compiled = flags.indexOf('i') >= 0 ? Pattern.compile(re.pattern(), Pattern.CASE_INSENSITIVE) : re;
        boolean global = flags.indexOf('g') >= 0;
        // HAProxy's back-references are \1..\9; Java's are $1..$9, and a literal $ must be escaped
        String replacement = ((String) args.get(1)).replace("$", "\\$").replaceAll("\\\\([0-9])", "\\$$1");
        return (in, s) -> {
            Matcher m = compiled.matcher(in.asString());
            return Sample.string(global ? m.replaceAll(replacement) : m.replaceFirst(replacement));
        };
    }

    private static Converter bytes(List<Object> args) {
        long offset = (Long) args.get(0);
        long length = args.size() > 1 ? (Long) args.get(1) : -1;
        return (in, s) -> {
            String v = in.asString();
            if (offset >= v.length()) {
                return null;
            }
            int end = length < 0 ? v.length() : (int) Math.min(v.length(), offset + length);
            return Sample.string(v.substring((int) offset, end));
        };
    }

    private static Converter concat(List<Object> args) throws RuleException {
        String start = args.isEmpty() ? "" : (String) args.get(0);
        String var = args.size() > 1 && !((String) args.get(1)).isEmpty() ? Variables.checkName((String) args.get(1)) : null;
        String end = args.size() > 2 ? (String) args.get(2) : "";
        return (in, s) -> {
            Sample v = var == null ? null : Variables.get(s, var);
            return Sample.string(in.asString() + start + (v == null ? "" : v.asString()) + end);
        };
    }

    /** {@code add(N)} / {@code sub(N)}: N an integer or a variable's name. */
    private static Converter arithmetic(List<Object> args, int sign) throws RuleException {
        String arg = (String) args.get(0);
        Long constant;
        try {
            constant = Long.parseLong(arg);
        } catch (NumberFormatException e) {
            constant = null;
        }
        if (constant != null) {
            long c = constant * sign;
            return (in, s) -> {
                Long v = in.asInteger();
                return v == null ? null : Sample.integer(v + c);
            };
        }
        String var = Variables.checkName(arg);
        return (in, s) -> {
            Long v = in.asInteger();
            Sample other = Variables.get(s, var);
            Long o = other == null ? null : other.asInteger();
            return v == null || o == null ? null : Sample.integer(v + sign * o);
        };
    }
}
