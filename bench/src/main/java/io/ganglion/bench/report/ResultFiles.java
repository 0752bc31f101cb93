package io.ganglion.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a run's figures as {@code bench-STAMP.csv}, {@code bench-STAMP.json} and the printed
 * table {@code bench-STAMP.txt} under the output directory, so runs can be compared over time.
 * One CSV line per metric and target, with every sample, not only the median.
 */
public final class ResultFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /** @return the files written */
    public static List<Path> write(Path dir, String stamp, Map<String, String> runInfo, Results results, String table)
            throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("bench-" + stamp + ".csv");
        Path json = dir.resolve("bench-" + stamp + ".json");
        Path txt = dir.resolve("bench-" + stamp + ".txt");
        Files.writeString(csv, csv(results));
        Map<String, Object> document = new LinkedHashMap<>(runInfo);
        document.put("figures", results.figures().stream().map(ResultFiles::asMap).toList());
        Files.writeString(json, JSON.writeValueAsString(document));
        Files.writeString(txt, table);
        return List.of(csv, json, txt);
    }

    static String csv(Results results) {
        StringBuilder out = new StringBuilder("section,metric,unit,target,median,min,max,samples,unavailable\n");
        for (Figure f : results.figures()) {
            Metric m = f.metric();
            String samples = f.samples().stream().map(v -> String.format(Locale.ROOT, "%.6g", v))
                    .collect(Collectors.joining(" "));
            out.append(String.join(",", quote(m.section()), quote(m.name()), quote(m.unit()), f.target().label(),
                    f.isMeasured() ? String.format(Locale.ROOT, "%.6g", f.median()) : "",
                    f.isMeasured() ? String.format(Locale.ROOT, "%.6g", f.min()) : "",
                    f.isMeasured() ? String.format(Locale.ROOT, "%.6g", f.max()) : "",
                    samples, quote(f.unavailable()))).append('\n');
        }
        return out.toString();
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    private static Map<String, Object> asMap(Figure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", f.metric().section());
        m.put("metric", f.metric().name());
        m.put("unit", f.metric().unit());
        m.put("target", f.target().label());
        if (f.isMeasured()) {
            m.put("median", f.median());
            m.put("samples", f.samples());
        } else {
            m.put("unavailable", f.unavailable());
        }
        return m;
    }
}
