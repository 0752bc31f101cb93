package io.ganglion.balancer.stick;

import io.ganglion.balancer.module.ConverterKeyword;
import io.ganglion.balancer.rules.ArgType;
import io.ganglion.balancer.rules.ArgumentSpec;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.Sample;
import io.ganglion.balancer.rules.SampleType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code table_X(T)} converters of HAProxy 2.6: the input sample is a key of table T, and the
 * converter gives what the entry stores ({@code table_http_req_rate(T)}, {@code table_gpc0(T)},
 * {@code table_server_id(T)}...), 0 when the key is not in the table, no sample when the table
 * does not store that data.
 */
final class TableConverters {
    private TableConverters() {
    }

    static List<ConverterKeyword> table() {
        List<ConverterKeyword> all = new ArrayList<>();
        for (StickFetches.Reading r : StickFetches.readings()) {
            String name = "table_" + (r.name().startsWith("get_") ? r.name().substring(4) : r.name());
            all.add(converter(name, r));
        }
        all.add(converter("table_server_id", new StickFetches.Reading("server_id", DataType.SERVER_ID,
                e -> e.get(DataType.SERVER_ID))));
        return all;
    }

    private static ConverterKeyword converter(String name, StickFetches.Reading r) {
        return new ConverterKeyword(name, ArgumentSpec.of(1, ArgType.STR), SampleType.ANY, SampleType.SINT,
                (args, scope) -> {
                    TableRef ref = named((String) args.get(0), name, scope);
                    return (input, stream) -> {
                        StickTable t = ref.table();
                        if (t == null || !t.stores(r.stored())) {
                            return null;
                        }
                        byte[] key = SampleKeys.of(input, t.spec());
                        if (key == null) {
                            return null;
                        }
                        Long v = t.read(key, e -> r.value().applyAsLong(e::get));
                        return Sample.integer(v == null ? 0 : v);
                    };
                });
    }

    private static TableRef named(String table, String keyword, RuleScope scope) {
        return TableLinks.of(scope.load()).use(table, scope.where(), t -> "unable to find table '" + t
                + "' referenced in arg 1 of converter '" + keyword + "' in proxy '" + scope.proxyName() + "'.");
    }
}
