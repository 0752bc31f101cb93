package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rules' variables ({@code set-var(txn.x)}, {@code var(txn.x)}): {@code proc.} ones shared by the
 * process, the others kept on the stream. Ganglion's stream is one HTTP transaction, so a
 * {@code sess.} variable lives as long as a {@code txn.} one (HAProxy keeps it for the connection).
 */
final class Variables {
    private static final String[] SCOPES = {"proc", "sess", "txn", "req", "res", "check"};

    /** The process's variables: written by rules on every loop, hence concurrent. */
    private static final ConcurrentMap<String, Sample> PROC = new ConcurrentHashMap<>();

    private Variables() {
    }

    /** The name checked for a scope, as HAProxy checks it. */
    static String checkName(String name) throws RuleException {
        int dot = name.indexOf('.');
        String scope = dot < 0 ? "" : name.substring(0, dot);
        for (String s : SCOPES) {
            if (s.equals(scope) && dot < name.length() - 1) {
                return name;
            }
        }
        throw new RuleException("invalid variable name '" + name + "'. A variable name must be start by its scope. "
                + "The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'.");
    }

    static Sample get(Stream stream, String name) {
        if (name.startsWith("proc.")) {
            return PROC.get(name);
        }
        return stream.hasVariables() ? (Sample) stream.variables().get(name) : null;
    }

    static void set(Stream stream, String name, Sample value) {
        if (name.startsWith("proc.")) {
            PROC.put(name, value);
        } else {
            stream.variables().put(name, value);
        }
    }

    static void unset(Stream stream, String name) {
        if (name.startsWith("proc.")) {
            PROC.remove(name);
        } else if (stream.hasVariables()) {
            stream.variables().remove(name);
        }
    }
}
