package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code crt-list FILE} of a bind line, or a {@code crt DIR} (HAProxy lists a directory as a
 * crt-list of its files, each at line 0). HAProxy 2.6's format, one certificate a line:
 * {@code PATH [\[SSL OPTIONS\]] [[!]SNI FILTER ...]}; empty lines and {@code #} comments skipped.
 *
 * @param path  as written on the bind line
 * @param lines the certificates, in file order
 */
record CrtList(String path, List<CrtListLine> lines) {
    CrtList {
        lines = List.copyOf(lines);
    }

    /** A {@code crt DIR}: each file, without options or filters. */
    static CrtList ofDirectory(String path, List<CertificateFile> files) {
        List<CrtListLine> lines = new ArrayList<>();
        for (CertificateFile f : files) {
            lines.add(new CrtListLine(f, 0, java.util.Map.of(), List.of()));
        }
        return new CrtList(path, lines);
    }

    /** The list with {@code line} added at its end. */
    CrtList with(CrtListLine line) {
        List<CrtListLine> all = new ArrayList<>(lines);
        all.add(line);
        return new CrtList(path, all);
    }

    /** The list without {@code line} (the same object). */
    CrtList without(CrtListLine line) {
        List<CrtListLine> all = new ArrayList<>(lines);
        all.removeIf(l -> l == line);
        return new CrtList(path, all);
    }

    /** The number a line added now gets: after the last one, as HAProxy numbers them. */
    int nextLine() {
        return lines.stream().mapToInt(CrtListLine::line).max().orElse(0) + 1;
    }

    /** Reads the file; errors in HAProxy's words after {@code 'crt-list' : }. */
    static CrtList load(String path) throws KeywordException {
        List<String> text;
        try {
            text = Files.readAllLines(Path.of(path), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeywordException("'crt-list' : cannot open file '" + path + "' : "
                    + (Files.exists(Path.of(path)) ? "Permission denied" : "No such file or directory"));
        }
        List<CrtListLine> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                lines.add(CrtListLine.parse(line, path, i + 1));
            } catch (KeywordException e) {
                throw new KeywordException("'crt-list' : " + e.getMessage());
            }
        }
        return new CrtList(path, lines);
    }

    /**
     * {@code show ssl crt-list LIST}'s body: {@code # PATH}, then a line per certificate
     * ({@code :LINE} after the path with {@code -n}).
     */
    String dump(boolean numbered) {
        StringBuilder out = new StringBuilder("# ").append(path).append('\n');
        for (CrtListLine l : lines) {
            out.append(l.file().path());
            if (numbered) {
                out.append(':').append(l.line());
            }
            out.append(l.optionsText());
            for (String f : l.filters()) {
                out.append(' ').append(f);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
