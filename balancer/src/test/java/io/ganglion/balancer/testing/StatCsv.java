package io.ganglion.balancer.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A {@code show stat} CSV answer, read by column name: for tests that ask HAProxy and the balancer alike. */
public record StatCsv(List<String> header, List<String[]> rows) {
    /** Sends {@code show stat ARGS} to {@code socket}; the rows are split into their cells. */
    public static StatCsv ask(Path socket, String args) throws IOException {
        List<String> lines = StatsSocket.send(socket, ("show stat " + args).trim()).lines().toList();
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        return new StatCsv(header, lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty())
                .map(l -> l.split(",", -1)).toList());
    }

    /** The {@code columns} of the row {@code proxy/service} in {@code show stat}'s answer now. */
    public static List<String> cells(Path socket, String proxy, String service, List<String> columns) {
        try {
            StatCsv csv = ask(socket, "");
            String[] row = csv.row(proxy, service);
            return columns.stream().map(c -> csv.cell(row, c)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Asserts that the balancer's {@code columns} of each row ({@code {proxy, service}}) are HAProxy's,
     * both asked now on {@code pair}'s sockets.
     */
    public static void assertSameCells(SameConfigPair pair, List<String[]> rows, List<String> columns) {
        for (String[] row : rows) {
            List<String> ours = cells(pair.ourSocket(), row[0], row[1], columns);
            List<String> theirs = cells(pair.haproxySocket(), row[0], row[1], columns);
            if (!ours.equals(theirs)) {
                throw new AssertionError(row[0] + "/" + row[1] + " " + columns + ": expected " + theirs + " (HAProxy's)"
                        + " but was " + ours);
            }
        }
    }

    public int index(String column) {
        return header.indexOf(column);
    }

    public String cell(String[] row, String column) {
        return row[index(column)];
    }

    /** The row of {@code proxy/service} ({@code FRONTEND}, {@code BACKEND}, a server or a listener name). */
    public String[] row(String proxy, String service) {
        return rows.stream().filter(r -> r[0].equals(proxy) && r[1].equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + proxy + "/" + service));
    }
}
