package io.ganglion.balancer.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One pattern reference as HAProxy 2.6 keeps it ({@code show acl} / {@code show map} rows): the
 * patterns of one {@code -f} file (shared by every ACL and map that names the file) or of one ACL
 * line's inline values, with its number {@code #N}, its entries in the order they were added, and
 * its versions for atomic replacement ({@code prepare}, then {@code add @VER}, then {@code commit}).
 *
 * <h2>Contract of the mutation API (for the socket commands)</h2>
 * <ul>
 * <li><b>Who calls it:</b> the control loop only, one command at a time. Nothing here locks; the
 * entry list and version numbers are confined to that thread (the config loader calls the same
 * methods before the balancer starts).</li>
 * <li><b>What the data path sees:</b> each method that changes the current version publishes, before
 * it returns, a new immutable index to every {@link PatternExpression} of the reference. A request
 * that starts after the return matches against the new one; a request already matching keeps the
 * index it read. The one exception, {@link #addBatched}, publishes when its caller says (before
 * the socket's answers leave), or at the start of any other method here. Changes to another version ({@code add @2 ...}) are invisible to traffic until
 * {@link #commit} publishes that version whole, in one step per expression.</li>
 * <li><b>Failure changes nothing:</b> a pattern or value one of the reference's matching methods
 * refuses throws {@link PatternException} with HAProxy's text, and the reference is as before.</li>
 * <li><b>Cost:</b> the trees ({@code ip}, {@code str}, {@code beg}) copy one path per change, so one
 * change to a million-entry reference allocates hundreds of bytes, not the whole tree; list methods
 * copy their (short) list. Deleting by key walks the entries once, as HAProxy does; by id it is a
 * binary search.</li>
 * </ul>
 */
public final class PatternReference {
    /** What the reference was created for: its first user, which {@code show acl}/{@code show map} list it under. */
    public enum Kind {
        ACL, MAP
    }

    private static final long ID_BASE = 0x5500_0000_0000L;
    private static final int ID_STEP = 0x10;

    private final int number;
    private final String file;
    /** The description, or for a file its start, before the users' list. */
    private final String description;
    /** For a file: each user's {@code acl at file 'F' line N}, in the order they came. */
    private final List<String> users = new ArrayList<>();
    private final Kind kind;
    private final List<PatternExpression> expressions = new ArrayList<>();
    /** The entries of every version in the order added. */
    private final EntryLog log = new EntryLog();
    private long nextSequence;
    private int currentVersion;
    private int nextVersion;
    /** For a file: the file line of each entry read from it, by entry sequence, for the load's messages. */
    private int[] fileLines = new int[0];
    /** HAProxy's entry_cnt, kept as HAProxy 2.6 keeps it: see {@link #entryCount()}. */
    private long entryCount;
    /** Equal map values of this reference's entries share one string. */
    private final ValueInterner values = new ValueInterner();
    /**
     * The single expression's next index, growing by {@link #addBatched} and not yet published;
     * null when every add is published. Any other method publishes it first, so it only ever holds
     * adds to the current version made one after another.
     */
    private PatternIndex.Builder unpublished;
    /** The one instance handed to {@link #addBatched}'s publisher, so that it publishes once per batch. */
    private final Runnable publishAdds = this::publishAdds;

    PatternReference(int number, String file, String description, Kind kind) {
        this.number = number;
        this.file = file;
        this.description = description;
        this.kind = kind;
    }

    /** The {@code #N} the socket commands address it by. */
    public int number() {
        return number;
    }

    /** The file it was loaded from, or null for an ACL line's inline values. */
    public String file() {
        return file;
    }

    /**
     * {@code show acl}'s description: {@code pattern loaded from file '...' used by acl at file '...'
     * line 31, by map at file '...' line 36.} for a file, {@code acl 'src' file '...' line 31.} inline.
     */
    public String description() {
        return file == null ? description : description + " used by " + String.join(", by ", users) + ".";
    }

    /** Another ACL or map line naming this reference's file ({@code acl at file 'F' line N}). */
    void usedBy(String user) {
        users.add(user);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a map uses it (then its entries have values, and {@code add acl} is refused on it). */
    public boolean hasValues() {
        if (kind == Kind.MAP) {
            return true;
        }
        for (PatternExpression e : expressions) { // a loop, not a stream: asked by every add acl
            if (e.values() != ValueKind.NONE) {
                return true;
            }
        }
        return false;
    }

    /** The expressions, their indexes holding every add made so far (batched ones published first). */
    public List<PatternExpression> expressions() {
        publishAdds();
        return List.copyOf(expressions);
    }

    public int currentVersion() {
        return currentVersion;
    }

    public int nextVersion() {
        return nextVersion;
    }

    /**
     * HAProxy 2.6's {@code entry_cnt}, with its arithmetic as a live HAProxy 2.6.12 shows it: one
     * more per entry and expression of the reference (loaded from the configuration or added over
     * the socket, to any version), one less
     * per entry deleted, dropped by a {@code commit} or a {@code clear}, whatever its expressions.
     * A refused {@code add} counts the expressions that took the entry before the one that refused
     * it, then one less for its removal: on a file matched as {@code ip} and as {@code str}, adding
     * an address goes 4, 6, deleting it 6, 5, adding {@code notanip} 5, 4. It can go below zero;
     * HAProxy prints it unsigned (captures 221, 239, 283), so print it with {@link Long#toUnsignedString}.
     */
    public long entryCount() {
        return entryCount;
    }

    /**
     * The expression for {@code method} (shared by the users that ask for the same one), holding
     * the current entries. At configuration time only: the set of expressions is fixed once the
     * balancer runs.
     *
     * @throws PatternException when an entry already in the reference does not suit the method
     */
    public PatternExpression expression(MatchMethod method, boolean ignoreCase, ValueKind values) throws PatternException {
        publishAdds();
        for (PatternExpression e : expressions) {
            if (e.method() == method && e.ignoreCase() == ignoreCase && e.values() == values) {
                return e;
            }
        }
        PatternExpression e = new PatternExpression(method, ignoreCase, values);
        PatternIndex index = e.index();
        for (int i = 0; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == currentVersion) {
                PatternEntry entry = log.at(i);
                try {
                    values.check(entry.value() == null ? "" : entry.value());
                    index = index.with(entry);
                } catch (PatternException refused) {
                    throw atFileLine(refused, entry);
                }
            }
        }
        e.publish(index);
        expressions.add(e);
        // HAProxy counts the patterns it indexes while loading: each new expression of a file counts its lines again
        entryCount += entries().size();
        return e;
    }

    /** An entry read from the configuration (a file's line, an inline value), counted in {@link #entryCount()}. */
    public PatternEntry load(String key, String value) throws PatternException {
        PatternEntry e = insert(currentVersion, key, value);
        entryCount += expressions.size();
        return e;
    }

    /** An entry read from line {@code line} of the reference's file. */
    PatternEntry load(String key, String value, int line) throws PatternException {
        int sequence = (int) nextSequence;
        PatternEntry e = load(key, value);
        if (sequence >= fileLines.length) {
            fileLines = Arrays.copyOf(fileLines, Math.max(16, sequence * 2));
        }
        fileLines[sequence] = line;
        return e;
    }

    /** HAProxy's message for a file's pattern a method refuses: {@code ... at line 3 of file 'F'.} */
    private PatternException atFileLine(PatternException refused, PatternEntry entry) {
        int sequence = (int) ((entry.id() - ID_BASE - ((long) number << 32)) / ID_STEP);
        if (file == null || sequence >= fileLines.length || fileLines[sequence] == 0) {
            return refused;
        }
        String m = refused.getMessage();
        return new PatternException((m.endsWith(".") ? m.substring(0, m.length() - 1) : m) + " at line "
                + fileLines[sequence] + " of file '" + file + "'.");
    }

    /** {@code add acl REF PATTERN} / {@code add map REF KEY VALUE}: an entry in the current version. */
    public PatternEntry add(String key, String value) throws PatternException {
        return add(currentVersion, key, value);
    }

    /**
     * {@code add acl @VER ...}: an entry in {@code version}; traffic sees it now only if that is the
     * current version. Checked against every expression first: a refused entry changes nothing.
     */
    public PatternEntry add(int version, String key, String value) throws PatternException {
        try {
            PatternEntry entry = insert(version, key, value);
            entryCount += expressions.size();
            return entry;
        } catch (PatternException refused) {
            entryCount += acceptingBeforeRefusal(key, value) - 1;
            throw refused;
        }
    }

    /**
     * {@code add map REF <<}: the payload's entries added to {@code version} in order, as
     * {@link #add} would one by one: at the first refused entry the ones before it stay and it is
     * thrown. The current version's indexes are built for the whole payload and published once
     * (the next request sees all the entries added before the refusal). With several expressions an
     * entry one refuses must leave the others unchanged, which a builder cannot undo, so that rare
     * case goes entry by entry.
     */
    public void addAll(int version, MapPayload payload) throws PatternException {
        publishAdds();
        if (version != currentVersion || expressions.size() != 1) {
            while (payload.next()) {
                add(version, payload.key(), payload.value());
            }
            return;
        }
        PatternExpression e = expressions.get(0);
        PatternIndex.Builder builder = e.index().builder();
        try {
            while (payload.next()) {
                addLine(e, builder, version, payload);
            }
        } finally {
            e.publish(builder.build());
        }
    }

    /** One payload line into the batch: neither a value seen before nor an IPv4 key in its usual spelling makes a string. */
    private void addLine(PatternExpression e, PatternIndex.Builder builder, int version, MapPayload payload) throws PatternException {
        String value = payload.value(values);
        long packed = payload.packedKey();
        addToBatch(e, builder, version, packed, packed != Ipv4Text.NONE ? null : payload.key(), value);
    }

    /**
     * One entry into a batch of the only expression: made, checked, indexed and logged. {@code key}
     * may be null when {@code packed} holds it (an IPv4 address).
     */
    private void addToBatch(PatternExpression e, PatternIndex.Builder builder, int version, long packed, String key,
            String value) throws PatternException {
        long id = ID_BASE + ((long) number << 32) + nextSequence * ID_STEP;
        PatternEntry entry = null; // none made for a packed key: the log and an IP tree take its parts
        try {
            e.values().check(value == null ? "" : value);
            if (packed != Ipv4Text.NONE) {
                builder.addPacked(id, packed, value, version);
            } else {
                entry = new PatternEntry(id, key, value, version);
                builder.add(entry, key);
            }
        } catch (PatternException refused) {
            entryCount -= 1; // counted then removed, as add counts a refusal by the only expression
            throw refused;
        }
        nextSequence++;
        if (entry == null) {
            log.append(id, packed, null, value, version);
        } else {
            log.append(entry);
        }
        entryCount++;
    }

    /**
     * {@code add acl REF PATTERN} / {@code add map REF KEY VALUE} from the socket: as {@link #add},
     * except that an entry for the current version of a reference with one expression goes into an
     * index built in place (the trees write the new path once per batch, not once per entry) and is
     * published by {@link #publishAdds}, which this hands to {@code publishLater} (the control
     * loop's "before the answers leave") once per batch. A script's line of a few hundred
     * {@code add acl} commands then copies and publishes the tree once instead of a few hundred
     * times. A refused entry changes nothing, as with {@link #add}.
     */
    public void addBatched(int version, String key, String value, Consumer<Runnable> publishLater) throws PatternException {
        if (version != currentVersion || expressions.size() != 1) {
            add(version, key, value);
            return;
        }
        PatternExpression e = expressions.get(0);
        boolean opened = unpublished == null;
        PatternIndex.Builder batch = opened ? e.index().builder() : unpublished;
        try {
            addToBatch(e, batch, version, Ipv4Text.pack(key), key, values.intern(value));
        } finally {
            if (opened) {
                // kept even when the entry was refused (it left the batch as it was), as addAll
                // publishes its batch whatever happens: a batch claims the tree's rows it may append to
                unpublished = batch;
                publishLater.accept(publishAdds);
            }
        }
    }

    /** Publishes the adds {@link #addBatched} holds back, if any. */
    public void publishAdds() {
        PatternIndex.Builder batch = unpublished;
        if (batch != null) {
            unpublished = null;
            expressions.get(0).publish(batch.build());
        }
    }

    /** How many expressions, in order, take the entry before the first that refuses it. */
    private int acceptingBeforeRefusal(String key, String value) {
        PatternEntry probe = new PatternEntry(-1, key, value, currentVersion);
        int accepting = 0;
        for (PatternExpression e : expressions) {
            try {
                e.values().check(value == null ? "" : value);
                e.method().emptyIndex(e.ignoreCase()).with(probe);
            } catch (PatternException refused) {
                return accepting;
            }
            accepting++;
        }
        return accepting;
    }

    private PatternEntry insert(int version, String key, String given) throws PatternException {
        publishAdds();
        String value = values.intern(given);
        PatternEntry entry = new PatternEntry(ID_BASE + ((long) number << 32) + nextSequence * ID_STEP, key, value, version);
        PatternIndex[] next = new PatternIndex[expressions.size()];
        for (int i = 0; i < next.length; i++) {
            PatternExpression e = expressions.get(i);
            e.values().check(value == null ? "" : value);
            next[i] = version == currentVersion ? e.index().with(entry) : e.method().emptyIndex(e.ignoreCase()).with(entry);
        }
        nextSequence++;
        log.append(entry);
        if (version == currentVersion) {
            publish(next);
        }
        return entry;
    }

    /** Checks what {@link #add} would check, changing nothing (a payload checked whole before it is applied). */
    public void check(String key, String value) throws PatternException {
        PatternEntry probe = new PatternEntry(-1, key, value, currentVersion);
        for (PatternExpression e : expressions) {
            e.values().check(value == null ? "" : value);
            e.method().emptyIndex(e.ignoreCase()).with(probe);
        }
    }

    /** {@code del acl REF KEY}: every entry of the current version whose pattern is {@code key}; false when none. */
    public boolean deleteKey(String key) {
        publishAdds();
        boolean found = false;
        for (int i = 0; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == currentVersion && log.hasKey(i, key)) {
                removeSlot(i);
                found = true;
            }
        }
        log.compactIfSparse();
        return found;
    }

    /** {@code del acl REF #ID}: the entry of that id, in whatever version; false when there is none. */
    public boolean deleteId(long id) {
        publishAdds();
        int i = log.positionOf(id);
        if (i < 0) {
            return false;
        }
        removeSlot(i);
        log.compactIfSparse();
        return true;
    }

    /** {@code set map REF KEY VALUE}: the value of every current entry with that key; how many changed. */
    public int setValue(String key, String value) throws PatternException {
        publishAdds();
        checkValue(value);
        int changed = 0;
        String kept = values.intern(value);
        for (int i = 0; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == currentVersion && log.hasKey(i, key)) {
                replaceSlot(i, kept);
                changed++;
            }
        }
        return changed;
    }

    /** {@code set map REF #ID VALUE}; false when no entry has that id. */
    public boolean setValue(long id, String value) throws PatternException {
        publishAdds();
        checkValue(value);
        int i = log.positionOf(id);
        if (i < 0) {
            return false;
        }
        replaceSlot(i, values.intern(value));
        return true;
    }

    /** {@code clear acl REF}: every entry of the current version. */
    public void clear() {
        clear(currentVersion);
    }

    /** {@code clear acl @VER REF}: every entry of {@code version}. */
    public void clear(int version) {
        publishAdds();
        for (int i = 0; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == version) {
                log.remove(i);
                entryCount--;
            }
        }
        if (version == currentVersion) {
            publish(emptyIndexes());
        }
        log.compactIfSparse();
    }

    /** {@code prepare acl REF}: a new, empty version after the last one; its number. */
    public int prepare() {
        nextVersion++;
        return nextVersion;
    }

    /**
     * {@code commit acl @VER REF}: makes {@code version} the current one, published whole to every
     * expression in one step each, and drops the entries of the versions before it (later prepared
     * versions are kept). False, changing nothing, when {@code version} was never prepared or is
     * older than the current one.
     */
    public boolean commit(int version) {
        publishAdds();
        if (version - currentVersion < 0 || version - nextVersion > 0) {
            return false;
        }
        PatternIndex[] next = emptyIndexes();
        for (int i = 0; i < log.size(); i++) {
            if (!log.isLive(i)) {
                continue;
            }
            if (log.version(i) - version < 0) {
                log.remove(i);
                entryCount--;
            } else if (log.version(i) == version) {
                PatternEntry e = log.at(i);
                for (int x = 0; x < next.length; x++) {
                    try {
                        next[x] = next[x].with(e);
                    } catch (PatternException checkedWhenAdded) {
                        throw new IllegalStateException(checkedWhenAdded);
                    }
                }
            }
        }
        currentVersion = version;
        publish(next);
        log.compactIfSparse();
        return true;
    }

    /** The entries of {@code version}, in the order added ({@code show acl [@VER] REF}). */
    public List<PatternEntry> entries(int version) {
        List<PatternEntry> out = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == version) {
                out.add(log.at(i));
            }
        }
        return out;
    }

    /** The entries of the current version. */
    public List<PatternEntry> entries() {
        return entries(currentVersion);
    }

    /**
     * For a dump written in pieces: the entry of {@code version} at or after position {@code from}
     * (positions are those of {@link #positionAfter}), or null at the end. Positions stay valid
     * while entries are added; a removal may move them (a resumed dump then restarts from the
     * next id it has not printed, see {@link #positionAfter}).
     */
    public PatternEntry entryAt(int from, int version) {
        for (int i = from; i < log.size(); i++) {
            if (log.isLive(i) && log.version(i) == version) {
                return log.at(i);
            }
        }
        return null;
    }

    /** The position just after the entry of id {@code id} (or where it would be), for resuming a dump. */
    public int positionAfter(long id) {
        return log.positionAfter(id);
    }

    /** The entry of that id, in any version, or null. */
    public PatternEntry entry(long id) {
        int i = log.positionOf(id);
        return i < 0 ? null : log.at(i);
    }

    private void checkValue(String value) throws PatternException {
        for (PatternExpression e : expressions) {
            e.values().check(value);
        }
    }

    private void removeSlot(int i) {
        PatternEntry e = log.remove(i);
        entryCount--;
        if (e.version() == currentVersion) {
            PatternIndex[] next = new PatternIndex[expressions.size()];
            for (int x = 0; x < next.length; x++) {
                next[x] = expressions.get(x).index().without(e);
            }
            publish(next);
        }
    }

    /** The entry at position {@code i} takes {@code value}, in the log and, if current, in every index. */
    private void replaceSlot(int i, String value) {
        log.setValue(i, value);
        PatternEntry e = log.at(i);
        if (e.version() == currentVersion) {
            PatternIndex[] next = new PatternIndex[expressions.size()];
            for (int x = 0; x < next.length; x++) {
                next[x] = expressions.get(x).index().replacing(e);
            }
            publish(next);
        }
    }

    private PatternIndex[] emptyIndexes() {
        PatternIndex[] empty = new PatternIndex[expressions.size()];
        for (int x = 0; x < empty.length; x++) {
            empty[x] = expressions.get(x).method().emptyIndex(expressions.get(x).ignoreCase());
        }
        return empty;
    }

    private void publish(PatternIndex[] next) {
        for (int x = 0; x < next.length; x++) {
            expressions.get(x).publish(next[x]);
        }
    }
}
