package io.ganglion.runtime.cli;

import java.util.List;

import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.StatRow;

/** The names a shell completes, read from one {@code show stat}. */
record BalancerNames(List<String> frontends, List<String> backends, List<String> servers) {

    static final BalancerNames NONE = new BalancerNames(List.of(), List.of(), List.of());

    /** Completion must never fail the line being edited: no answer means no names. */
    static BalancerNames readOrNone(RuntimeApi api) {
        try {
            return read(api);
        } catch (RuntimeApiException e) {
            return NONE;
        }
    }

    static BalancerNames read(RuntimeApi api) {
        List<StatRow> rows = api.showStat();
        return new BalancerNames(
                rows.stream().filter(r -> r.type() == StatRow.Type.FRONTEND).map(StatRow::pxname).toList(),
                rows.stream().filter(r -> r.type() == StatRow.Type.BACKEND).map(StatRow::pxname).toList(),
                rows.stream().filter(r -> r.type() == StatRow.Type.SERVER).map(r -> r.pxname() + "/" + r.svname()).toList());
    }
}
