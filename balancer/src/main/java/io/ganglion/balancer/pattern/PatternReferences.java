package io.ganglion.balancer.pattern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every pattern reference of a configuration, numbered {@code #0}, {@code #1}... in the order they
 * are created, as HAProxy 2.6 numbers them: a reference per {@code -f} file (the first ACL or map
 * naming a file creates it, the next ones share it) and one per ACL line with inline values; ACLs
 * and maps share the numbering. Built while the configuration loads; the set of references is then
 * fixed, and their contents change through {@link PatternReference}'s mutation API.
 */
public final class PatternReferences {
    private final List<PatternReference> references = new ArrayList<>();

    /** Who creates a reference, for its description: {@code acl} or {@code map}, and where. */
    public record User(PatternReference.Kind kind, String configFile, int line) {
        String describe() {
            return (kind == PatternReference.Kind.ACL ? "acl" : "map") + " at file '" + configFile + "' line " + line;
        }
    }

    /**
     * The reference of the file {@code path}: the existing one, or a new one with the file's
     * patterns loaded (an ACL file: one pattern a line; a map file: a key, blanks, then the value).
     * Blank lines and lines starting with {@code #} are skipped, leading blanks stripped.
     *
     * @throws IOException the file cannot be read (HAProxy: {@code failed to open pattern file <PATH>.})
     */
    public PatternReference file(String path, User user) throws IOException {
        for (PatternReference r : references) {
            if (path.equals(r.file())) {
                r.usedBy(user.describe());
                return r;
            }
        }
        List<String> lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        PatternReference r = create(path, "pattern loaded from file '" + path + "'", user.kind());
        r.usedBy(user.describe());
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = stripLeading(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            try {
                if (user.kind() == PatternReference.Kind.MAP) {
                    int blank = firstBlank(line);
                    String key = blank < 0 ? line : line.substring(0, blank);
                    String value = blank < 0 ? "" : stripLeading(line.substring(blank)).stripTrailing();
                    r.load(key, value, lineNumber);
                } else {
                    r.load(line, null, lineNumber);
                }
            } catch (PatternException unreachable) {
                throw new IllegalStateException(unreachable); // no expression yet: nothing to refuse
            }
        }
        return r;
    }

    /** A new reference for one ACL line's inline values: {@code acl 'src' file 'haproxy.cfg' line 31.} */
    public PatternReference inline(String fetchName, String configFile, int line) {
        return create(null, "acl '" + fetchName + "' file '" + configFile + "' line " + line + ".", PatternReference.Kind.ACL);
    }

    private PatternReference create(String file, String description, PatternReference.Kind kind) {
        PatternReference r = new PatternReference(references.size(), file, description, kind);
        references.add(r);
        return r;
    }

    /** Every reference in number order. */
    public List<PatternReference> all() {
        return List.copyOf(references);
    }

    /** The references {@code show acl} lists (created by an ACL) or {@code show map} lists (by a map). */
    public List<PatternReference> of(PatternReference.Kind kind) {
        return references.stream().filter(r -> r.kind() == kind).toList();
    }

    /**
     * The reference a socket command names: {@code #N} or a file name, restricted to {@code kind}
     * as HAProxy restricts {@code show map #0} when #0 is an ACL's; null when none.
     */
    public PatternReference find(String name, PatternReference.Kind kind) {
        PatternReference r = find(name);
        return r != null && (kind == null || r.kind() == kind) ? r : null;
    }

    /** The reference named {@code #N} or by its file, of any kind; null when none. */
    public PatternReference find(String name) {
        if (name.startsWith("#")) {
            try {
                int n = Integer.parseInt(name.substring(1));
                return n >= 0 && n < references.size() ? references.get(n) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        for (PatternReference r : references) {
            if (name.equals(r.file())) {
                return r;
            }
        }
        return null;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    private static int firstBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
