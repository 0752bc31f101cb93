package io.ganglion.balancer.rules;

import io.ganglion.balancer.module.AclKeyword;
import io.ganglion.balancer.pattern.MatchMethod;
import java.util.ArrayList;
import java.util.List;

/** HAProxy's derived ACL keywords over the rules' fetches: {@code path_beg}, {@code hdr_sub(host)}... */
final class GenericAclKeywords {
    private GenericAclKeywords() {
    }

    static List<AclKeyword> table() {
        List<AclKeyword> rows = new ArrayList<>();
        String[][] fetches = {{"path", "path"}, {"url", "url"}, {"base", "base"}, {"hdr", "hdr"}, {"req.hdr", "req.hdr"},
                {"cook", "cook"}, {"req.cook", "req.cook"}, {"urlp", "urlp"}, {"url_param", "url_param"}, {"shdr", "shdr"},
                {"res.hdr", "res.hdr"}};
        MatchMethod[] methods = {MatchMethod.BEG, MatchMethod.END, MatchMethod.SUB, MatchMethod.DIR, MatchMethod.DOM,
                MatchMethod.REG, MatchMethod.LEN};
        for (String[] f : fetches) {
            for (MatchMethod m : methods) {
                rows.add(new AclKeyword(f[0] + "_" + m.word(), f[1], m));
            }
        }
        rows.add(new AclKeyword("hdr_ip", "hdr", MatchMethod.IP));
        rows.add(new AclKeyword("req.hdr_ip", "req.hdr", MatchMethod.IP));
        return rows;
    }
}
