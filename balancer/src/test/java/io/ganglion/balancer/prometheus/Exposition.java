package io.ganglion.balancer.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text-format exposition read back for comparison: each family's type, help text and series
 * (its labels, sorted, without the value), in the order the families came.
 */
record Exposition(Map<String, Family> families) {
    record Family(String type, String help, Set<String> series, Map<String, Double> values) {
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Exposition parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] w = line.substring(7).split(" ", 2);
                help.put(w[0], w.length > 1 ? w[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] w = line.substring(7).split(" ");
                families.put(w[0], new Family(w[1], help.get(w[0]), new TreeSet<>(), new LinkedHashMap<>()));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Set<String> labels = new TreeSet<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.add(l.group(1) + "=" + l.group(2));
                    }
                }
                Family f = families.get(m.group(1));
                if (f == null) {
                    throw new IllegalArgumentException("sample before its TYPE: " + line);
                }
                String key = String.join(",", labels);
                f.series().add(key);
                f.values().put(key, Double.parseDouble(m.group(4)));
            }
        }
        return new Exposition(families);
    }

    double value(String family, String series) {
        Family f = families.get(family);
        Double v = f == null ? null : f.values().get(series);
        if (v == null) {
            throw new IllegalArgumentException("no series " + family + "{" + series + "}");
        }
        return v;
    }
}
