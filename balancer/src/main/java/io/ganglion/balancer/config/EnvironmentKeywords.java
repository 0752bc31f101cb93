package io.ganglion.balancer.config;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code setenv}, {@code presetenv}, {@code unsetenv} and {@code resetenv}: they change the variables
 * that the following lines expand (HAProxy's configuration manual, 3.1), with HAProxy 2.6's messages.
 */
final class EnvironmentKeywords {
    private static final Set<SectionKind> GLOBAL = EnumSet.of(SectionKind.GLOBAL);

    private EnvironmentKeywords() {
    }

    static List<KeywordRow> rows() {
        return List.of(
                KeywordRow.of("setenv", GLOBAL, (ctx, args) -> set(ctx, "setenv", args, true)),
                KeywordRow.of("presetenv", GLOBAL, (ctx, args) -> set(ctx, "presetenv", args, false)),
                KeywordRow.of("unsetenv", GLOBAL, EnvironmentKeywords::unsetenv),
                KeywordRow.of("resetenv", GLOBAL, (ctx, args) -> ctx.variables().keepOnly(new HashSet<>(names(args)))));
    }

    private static void set(ParseContext ctx, String keyword, List<String> args, boolean overwrite) throws KeywordException {
        // HAProxy lets one extra argument pass unnoticed and refuses the next.
        if (args.size() > 3 && !args.get(3).isEmpty()) {
            throw new KeywordException("'" + keyword + "' cannot handle unexpected argument '" + args.get(3) + "'.");
        }
        if (args.size() < 2 || args.get(1).isEmpty()) {
            throw new KeywordException("'" + keyword + "' expects a name and a value.");
        }
        String name = checkedName(keyword, args.get(0));
        if (overwrite || ctx.variables().value(name) == null) {
            ctx.variables().set(name, args.get(1));
        }
    }

    private static void unsetenv(ParseContext ctx, List<String> args) throws KeywordException {
        List<String> names = names(args);
        if (names.isEmpty()) {
            throw new KeywordException("'unsetenv' expects at least one variable name.");
        }
        for (String name : names) {
            ctx.variables().unset(checkedName("unsetenv", name));
        }
    }

    /** The names up to the first empty argument, where HAProxy stops reading them. */
    private static List<String> names(List<String> args) {
        int end = args.indexOf("");
        return end < 0 ? args : args.subList(0, end);
    }

    /** setenv(3) refuses an empty name or one with '=': HAProxy reports its errno text. */
    private static String checkedName(String keyword, String name) throws KeywordException {
        if (name.isEmpty() || name.contains("=")) {
            throw new KeywordException("'" + keyword + "' failed on variable '" + name + "' : Invalid argument.");
        }
        return name;
    }
}
