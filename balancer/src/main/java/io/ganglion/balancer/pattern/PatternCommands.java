package io.ganglion.balancer.pattern;

import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.runtime.LineDump;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The {@code acl} and {@code map} socket commands of HAProxy 2.6 ({@code show}, {@code get},
 * {@code add}, {@code del}, {@code set map}, {@code clear}, {@code prepare}, {@code commit}) over
 * the running configuration's {@link PatternReferences}, in HAProxy 2.6.12's words, checks and
 * quirks as a live HAProxy 2.6.12 answers them (captures 193-283 and the experiments noted here):
 * <ul>
 * <li>every level may run them, as in HAProxy 2.6 (captures 222, 275: a user-level socket adds);</li>
 * <li>{@code show}, {@code del}, {@code clear}, {@code prepare} and {@code commit} find a reference
 * only among their kind's ({@code show map #0} on an ACL's reference is unknown, capture 247);
 * {@code get}, {@code add} and {@code set} take any reference (capture 245: {@code add map #0});</li>
 * <li>{@code del acl} names a missing reference with the map's text, as HAProxy does;</li>
 * <li>{@code @VER} is read as C's {@code strtoul} reads it ({@code @x} is version 0);</li>
 * <li>an {@code add map} payload is applied line by line up to a refused line, which answers the
 * error (HAProxy 2.6 keeps the lines before it); its keys end at a blank only, so a line without
 * a value runs into the next line's key, as in HAProxy.</li>
 * </ul>
 *
 * <p>Every command runs on the control loop, where the {@link PatternReference} mutation API is
 * confined; long dumps ({@code show map REF} of a million entries) are written in pieces while the
 * client reads, resuming after the last entry printed.
 */
public final class PatternCommands {

    /** What differs between the {@code acl} and the {@code map} variant of a command. */
    enum Flavor {
        ACL("acl", "ACL", PatternReference.Kind.ACL),
        MAP("map", "map", PatternReference.Kind.MAP);

        final String word;
        final String title;
        final PatternReference.Kind kind;

        Flavor(String word, String title, PatternReference.Kind kind) {
            this.word = word;
            this.title = title;
            this.kind = kind;
        }

        String unknown() {
            return "Unknown " + title + " identifier. Please use #<id> or <file>.";
        }
    }

    private static final String UNKNOWN_MAP = Flavor.MAP.unknown();

    private final PatternReferences references;
    /** Runs a reference's publication of its single adds before the answers leave: see {@link #addOne}. */
    private final Consumer<Runnable> publishBeforeAnswers;

    private PatternCommands(PatternReferences references, Consumer<Runnable> publishBeforeAnswers) {
        this.references = references;
        this.publishBeforeAnswers = publishBeforeAnswers;
    }

    /**
     * @param references the running configuration's references
     * @param control    the control loop, the only thread that changes them
     */
    public static CommandTable table(PatternReferences references, Executor control) {
        return table(references, control, Runnable::run);
    }

    /**
     * As {@link #table(PatternReferences, Executor)}, with single {@code add acl}/{@code add map}
     * commands published together: {@code publishBeforeAnswers} runs a reference's publication
     * before the answers of the commands that added to it leave the control loop
     * ({@link io.ganglion.balancer.runtime.ControlLoop#publishBeforeAnswers}).
     */
    public static CommandTable table(PatternReferences references, Executor control,
            Consumer<Runnable> publishBeforeAnswers) {
        PatternCommands c = new PatternCommands(references, publishBeforeAnswers);
        List<CliCommand> rows = new ArrayList<>();
        for (Flavor f : Flavor.values()) {
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.add(f, r)), "add", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.clear(f, r)), "clear", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.commit(f, r)), "commit", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.delete(f, r)), "del", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.get(f, r)), "get", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, r -> c.prepare(f, r)), "prepare", f.word));
            rows.add(CliCommand.haproxy(USER, CommandHandler.dump(r -> c.show(f, r)), "show", f.word));
        }
        rows.add(CliCommand.haproxy(USER, CommandHandler.on(control, c::set), "set", "map"));
        return new CommandTable("pattern", rows);
    }

    /** A command's optional {@code @VER} and the words after it. */
    private record Versioned(Integer version, int next) {
        static Versioned at(CommandRequest r, int index) {
            String word = r.arg(index);
            return word.startsWith("@") ? new Versioned(unsignedPrefix(word.substring(1)), index + 1)
                    : new Versioned(null, index);
        }
    }

    /** {@code show acl|map [[@VER] REF]}: the list of references, or one version's entries. */
    private AnswerDump show(Flavor f, CommandRequest r) {
        if (r.arg(2).isEmpty()) {
            return new LineDump<>("# id (file) description\n", references.of(f.kind).iterator(),
                    PatternCommands::appendReference, "");
        }
        Versioned v = Versioned.at(r, 2);
        PatternReference ref = ofKind(f, r.arg(v.next()));
        int version = v.version() == null ? ref.currentVersion() : v.version();
        return new LineDump<>("", new EntryCursor(ref, version), PatternCommands::appendEntry, "");
    }

    private static void appendReference(StringBuilder out, PatternReference ref) {
        out.append(ref.number()).append(" (").append(ref.file() == null ? "" : ref.file()).append(") ")
                .append(ref.description()).append(" curr_ver=").append(Integer.toUnsignedString(ref.currentVersion()))
                .append(" next_ver=").append(Integer.toUnsignedString(ref.nextVersion()))
                .append(" entry_cnt=").append(Long.toUnsignedString(ref.entryCount())).append('\n');
    }

    private static void appendEntry(StringBuilder out, PatternEntry e) {
        out.append(e.pointer()).append(' ').append(e.key());
        if (e.value() != null) {
            out.append(' ').append(e.value());
        }
        out.append('\n');
    }

    /** {@code get acl|map REF VALUE}: what each matching expression of the reference finds. */
    private String get(Flavor f, CommandRequest r) {
        if (r.arg(2).isEmpty() || r.arg(3).isEmpty()) {
            throw new CommandException("Missing " + f.title + " identifier and/or key.");
        }
        PatternReference ref = anyKind(f, r.arg(2));
        StringBuilder out = new StringBuilder();
        for (PatternExpression e : ref.expressions()) {
            PatternIndex index = e.index();
            long id = index.matchedId(e.method() == MatchMethod.IP ? leadingAddress(r.arg(3)) : r.arg(3));
            PatternEntry found = id == PatternIndex.NO_MATCH ? null : ref.entry(id);
            out.append("type=").append(e.method().word()).append(", case=")
                    .append(e.ignoreCase() ? "insensitive" : "sensitive").append(", ")
                    .append(f == Flavor.ACL ? "match=" : "found=").append(found == null ? "no" : "yes");
            if (found != null) {
                out.append(", idx=").append(index.kind()).append(", ");
                if (f == Flavor.ACL) {
                    out.append("pattern=\"").append(found.key()).append('"');
                } else {
                    out.append("key=\"").append(found.key()).append('"');
                    if (found.value() != null) {
                        out.append(", value=\"").append(found.value()).append("\", type=\"")
                                .append(valueType(e.values(), found.value())).append('"');
                    }
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The address a text sample starts with, as HAProxy 2.6 reads one for an {@code ip} match in
     * {@code get acl|map}: it ignores what follows ({@code 198.51.100.9/8} and {@code 198.51.100.9x}
     * both match {@code 198.51.100.0/24}, tried live).
     */
    private static String leadingAddress(String sample) {
        int end = 0;
        boolean v6 = sample.indexOf(':') >= 0;
        while (end < sample.length() && isAddressChar(sample.charAt(end), v6)) {
            end++;
        }
        return sample.substring(0, end);
    }

    private static boolean isAddressChar(char c, boolean v6) {
        return c >= '0' && c <= '9' || c == '.' || v6 && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** The sample type HAProxy 2.6 names for a map value ({@code str}, {@code sint}, {@code ipv4}, {@code ipv6}). */
    private static String valueType(ValueKind kind, String value) {
        return switch (kind) {
            case INT -> "sint";
            case IP -> value.indexOf(':') >= 0 ? "ipv6" : "ipv4";
            default -> "str";
        };
    }

    /** {@code add acl [@VER] REF PATTERN}, {@code add map [@VER] REF KEY VALUE} or {@code add map [@VER] REF <<}. */
    private String add(Flavor f, CommandRequest r) {
        Versioned v = Versioned.at(r, 2);
        String name = r.arg(v.next());
        String key = r.arg(v.next() + 1);
        String value = r.arg(v.next() + 2);
        // with a payload, HAProxy 2.6.12 takes the payload's entries and ignores words after the map (tried live)
        boolean payload = f == Flavor.MAP && r.payload().isPresent();
        if (f == Flavor.ACL && (name.isEmpty() || key.isEmpty())) {
            throw new CommandException("'add acl' expects two parameters: ACL identifier and pattern.");
        }
        if (f == Flavor.MAP && (name.isEmpty() || !payload && (key.isEmpty() || value.isEmpty()))) {
            throw new CommandException("'add map' expects three parameters (map identifier, key and value)"
                    + " or one parameter (map identifier) and a payload");
        }
        PatternReference ref = anyKind(f, name);
        int version = v.version() == null ? ref.currentVersion() : v.version();
        if (version - ref.nextVersion() > 0) {
            throw new CommandException("Version number in the future, please use 'prepare " + f.word + "' before.");
        }
        if (f == Flavor.ACL) {
            if (ref.hasValues()) {
                throw new CommandException("This ACL is shared with a map containing samples. "
                        + "You must use the command 'add map' to add values.");
            }
            addOne(ref, version, key, null);
        } else if (payload) {
            addPayload(ref, version, MapPayload.read(r.payload().get()));
        } else {
            addOne(ref, version, key, value);
        }
        return "";
    }

    /** The entries before a parse error are added, then the error is answered, as HAProxy 2.6 does. */
    private static void addPayload(PatternReference ref, int version, MapPayload entries) {
        try {
            ref.addAll(version, entries);
        } catch (PatternException refused) {
            throw new CommandException(refused.getMessage());
        }
        if (entries.endedBy() != null) {
            throw entries.endedBy();
        }
    }

    /**
     * One entry, published with the other single adds of the same batch of commands (a script's
     * line of {@code add acl} commands joined by {@code ;}): one index built in place and published
     * once before their answers leave, rather than a tree path copied and published per command.
     */
    private void addOne(PatternReference ref, int version, String key, String value) {
        try {
            ref.addBatched(version, key, value, publishBeforeAnswers);
        } catch (PatternException refused) {
            throw new CommandException(refused.getMessage());
        }
    }

    /** {@code del acl|map REF KEY|#ID}: every current entry with that key, or the entry of that id. */
    private String delete(Flavor f, CommandRequest r) {
        if (r.arg(2).isEmpty() || r.arg(3).isEmpty()) {
            throw new CommandException("This command expects two parameters: " + f.title + " identifier and key.");
        }
        PatternReference ref = references.find(r.arg(2), f.kind);
        if (ref == null) {
            throw new CommandException(UNKNOWN_MAP); // HAProxy 2.6 says "map" for del acl too
        }
        String key = r.arg(3);
        boolean deleted = isEntryId(key) ? ref.deleteId(entryId(key)) : ref.deleteKey(key);
        if (!deleted) {
            throw new CommandException("Key not found.");
        }
        return "";
    }

    /** {@code set map REF KEY|#ID VALUE}: the value of every current entry with that key, or of that entry. */
    private String set(CommandRequest r) {
        if (r.arg(2).isEmpty() || r.arg(3).isEmpty() || r.arg(4).isEmpty()) {
            throw new CommandException("'set map' expects three parameters: map identifier, key and value.");
        }
        PatternReference ref = anyKind(Flavor.MAP, r.arg(2));
        String key = r.arg(3);
        try {
            if (isEntryId(key)) {
                if (!ref.setValue(entryId(key), r.arg(4))) {
                    throw new CommandException("key or pattern not found.");
                }
            } else if (ref.setValue(key, r.arg(4)) == 0) {
                throw new CommandException("entry not found.");
            }
        } catch (PatternException refused) {
            // HAProxy 2.6 answers nothing and keeps the old value; saying why is stricter, not looser
            throw new CommandException(refused.getMessage());
        }
        return "";
    }

    /** {@code clear acl|map [@VER] REF}: every entry of the version (a version never prepared: nothing). */
    private String clear(Flavor f, CommandRequest r) {
        Versioned v = Versioned.at(r, 2);
        if (r.arg(v.next()).isEmpty()) {
            throw new CommandException("Missing " + f.title + " identifier.");
        }
        PatternReference ref = ofKind(f, r.arg(v.next()));
        if (v.version() == null) {
            ref.clear();
        } else if (v.version() - ref.nextVersion() <= 0) {
            ref.clear(v.version());
        }
        return "";
    }

    private String prepare(Flavor f, CommandRequest r) {
        PatternReference ref = ofKind(f, r.arg(2));
        return "New version created: " + Integer.toUnsignedString(ref.prepare());
    }

    /** {@code commit acl|map @VER REF}: a version prepared after the current one becomes current. */
    private String commit(Flavor f, CommandRequest r) {
        if (!r.arg(2).startsWith("@")) {
            throw new CommandException("Missing version number.");
        }
        if (r.arg(3).isEmpty()) {
            throw new CommandException("Missing " + f.title + " identifier.");
        }
        int version = unsignedPrefix(r.arg(2).substring(1));
        PatternReference ref = ofKind(f, r.arg(3));
        // only the versions prepared since the current one: curr < VER <= next, in wrapping arithmetic
        if (version - ref.currentVersion() <= 0 || version - ref.nextVersion() > 0 || !ref.commit(version)) {
            throw new CommandException("Version number out of range.");
        }
        return "";
    }

    private PatternReference ofKind(Flavor f, String name) {
        PatternReference ref = references.find(name, f.kind);
        if (ref == null) {
            throw new CommandException(f.unknown());
        }
        return ref;
    }

    private PatternReference anyKind(Flavor f, String name) {
        PatternReference ref = references.find(name);
        if (ref == null) {
            throw new CommandException(f.unknown());
        }
        return ref;
    }

    /**
     * Whether a key word names an entry by the id {@code show acl} prints ({@code #0x5500...}): only
     * that form does, as in HAProxy 2.6.12, which takes {@code #1234}, {@code #0X12} or {@code #zz}
     * for keys ({@code set map} then answers {@code entry not found.}, tried live).
     */
    private static boolean isEntryId(String word) {
        return word.length() > 3 && word.startsWith("#0x") && word.substring(3).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** The id of {@code #0x...}; -1 (no entry) when it does not fit in 64 bits. */
    private static long entryId(String word) {
        try {
            return Long.parseUnsignedLong(word.substring(3), 16);
        } catch (NumberFormatException notAnId) {
            return -1;
        }
    }

    /**
     * The leading decimal digits of {@code text} as HAProxy reads a version: C's {@code strtoul}
     * (64 bits, the largest value when it overflows), then kept in 32 bits, so {@code @99999999999}
     * is version 1215752191 (tried live); 0 without any digit.
     */
    static int unsignedPrefix(String text) {
        long value = 0;
        long limit = Long.divideUnsigned(-1L, 10);
        for (int i = 0; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            int digit = text.charAt(i) - '0';
            if (Long.compareUnsigned(value, limit) > 0 || Long.compareUnsigned(value * 10 + digit, value * 10) < 0) {
                value = -1L;
            } else if (value != -1L) {
                value = value * 10 + digit;
            }
        }
        return (int) value;
    }
}
