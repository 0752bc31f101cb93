package io.ganglion.balancer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles the words after {@code if} / {@code unless}: ACL names (maybe {@code !}-negated),
 * anonymous ACLs in {@code { }}, ANDed by juxtaposition and ORed by {@code ||}. Named ACLs are the
 * proxy's declared so far, then HAProxy's predefined ones.
 */
final class ConditionParser {
    /** HAProxy 2.6's predefined ACLs that Ganglion's fetches can express. */
    private static final Map<String, List<String>> PREDEFINED = Map.ofEntries(
            Map.entry("TRUE", List.of("always_true")),
            Map.entry("FALSE", List.of("always_false")),
            Map.entry("LOCALHOST", List.of("src", "127.0.0.1/8", "::1")),
            Map.entry("HTTP", List.of("req.proto_http")),
            Map.entry("HTTP_1.0", List.of("req.ver", "1.0")),
            Map.entry("HTTP_1.1", List.of("req.ver", "1.1")),
            Map.entry("HTTP_URL_ABS", List.of("url_reg", "^[^/:]*://")),
            Map.entry("HTTP_URL_SLASH", List.of("url_beg", "/")),
            Map.entry("HTTP_URL_STAR", List.of("url", "*")),
            Map.entry("METH_CONNECT", List.of("method", "CONNECT")),
            Map.entry("METH_DELETE", List.of("method", "DELETE")),
            Map.entry("METH_GET", List.of("method", "GET", "HEAD")),
            Map.entry("METH_HEAD", List.of("method", "HEAD")),
            Map.entry("METH_OPTIONS", List.of("method", "OPTIONS")),
            Map.entry("METH_POST", List.of("method", "POST")),
            Map.entry("METH_PUT", List.of("method", "PUT")),
            Map.entry("METH_TRACE", List.of("method", "TRACE")));

    private ConditionParser() {
    }

    /**
     * @param words    the words after {@code if} / {@code unless}
     * @param warnings where ACL warnings go
     * @throws RuleException with what HAProxy says after "error detected while parsing an '...' condition : "
     */
    static Condition parse(List<String> words, boolean unless, RuleScope scope, List<String> warnings) throws RuleException {
        List<Acl[]> groups = new ArrayList<>();
        List<boolean[]> negations = new ArrayList<>();
        List<Acl> group = new ArrayList<>();
        List<Boolean> negated = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("||") || w.equalsIgnoreCase("or")) {
                if (group.isEmpty()) {
                    throw new RuleException("missing ACL before '" + w + "'.");
                }
                close(group, negated, groups, negations);
                continue;
            }
            boolean not = false;
            while (w.startsWith("!")) {
                not = !not;
                w = w.substring(1);
                if (w.isEmpty()) {
                    if (++i >= words.size()) {
                        throw new RuleException("missing ACL after '!'.");
                    }
                    w = words.get(i);
                }
            }
            Acl acl;
            if (w.equals("{")) {
                List<String> inner = new ArrayList<>();
                int j = i + 1;
                for (; j < words.size() && !words.get(j).equals("}"); j++) {
                    inner.add(words.get(j));
                }
                if (j >= words.size()) {
                    throw new RuleException("missing closing '}' in condition.");
                }
                acl = new Acl("anonymous");
                acl.add(AclParser.parse(inner, scope, warnings));
                i = j;
            } else {
                acl = scope.acls() == null ? null : scope.acls().get(w);
                if (acl == null) {
                    acl = predefined(w, scope, warnings);
                }
                if (acl == null) {
                    throw new RuleException("no such ACL : '" + w + "'.");
                }
            }
            group.add(acl);
            negated.add(not);
        }
        if (group.isEmpty()) {
            if (!groups.isEmpty()) {
                throw new RuleException("missing ACL after '||'.");
            }
            throw new RuleException("missing condition.");
        }
        close(group, negated, groups, negations);
        return new Condition(groups.toArray(new Acl[0][]), negations.toArray(new boolean[0][]), unless);
    }

    private static Acl predefined(String name, RuleScope scope, List<String> warnings) throws RuleException {
        List<String> words = PREDEFINED.get(name);
        if (words == null) {
            return null;
        }
        Acl acl = new Acl(name);
        acl.add(AclParser.parse(words, scope, warnings));
        return acl;
    }

    private static void close(List<Acl> group, List<Boolean> negated, List<Acl[]> groups, List<boolean[]> negations) {
        groups.add(group.toArray(new Acl[0]));
        boolean[] n = new boolean[negated.size()];
        for (int k = 0; k < n.length; k++) {
            n[k] = negated.get(k);
        }
        negations.add(n);
        group.clear();
        negated.clear();
    }
}
