package io.ganglion.balancer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file has at least one alert. Carries every problem found in the file (alerts and
 * warnings, in file order), not just the first, so an operator fixes them all in one go.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final List<Problem> problems;

    public ConfigException(String file, List<Problem> problems) {
        super(renderAll(file, problems, ProcessHandle.current().pid()));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> alerts() {
        return problems.stream().filter(Problem::isAlert).toList();
    }

    /** Every problem, then HAProxy's two closing lines, one line each, as {@code haproxy -c} prints them. */
    public String render(long pid) {
        return renderAll(file, problems, pid);
    }

    private static String renderAll(String file, List<Problem> problems, long pid) {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add(p.render(pid)));
        String alert = Problem.Severity.ALERT.tag() + "(" + pid + ") : config : ";
        lines.add(alert + "Error(s) found in configuration file : " + file);
        lines.add(alert + "Fatal errors found in configuration.");
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }
}
