package io.ganglion.balancer.stats;

import io.ganglion.balancer.runtime.AnswerDump;
import java.util.Iterator;
import java.util.function.Function;

/** The three outputs of {@code show stat}: CSV (default), {@code typed} and {@code json}. */
public enum StatFormat {
    CSV(CsvStatFormatter::dump),
    TYPED(TypedStatFormatter::dump),
    JSON(JsonStatFormatter::dump);

    private final Function<Iterator<StatRow>, AnswerDump> dumper;

    StatFormat(Function<Iterator<StatRow>, AnswerDump> dumper) {
        this.dumper = dumper;
    }

    /**
     * The answer, written as the rows come: each row is produced when its piece is asked for. The
     * session adds the final blank line.
     */
    public AnswerDump dump(Iterator<StatRow> rows) {
        return dumper.apply(rows);
    }
}
