package io.ganglion.balancer.stats;

import java.util.List;
import java.util.function.Function;

/** The three outputs of {@code show stat}: CSV (default), {@code typed} and {@code json}. */
public enum StatFormat {
    CSV(CsvStatFormatter::render),
    TYPED(TypedStatFormatter::render),
    JSON(JsonStatFormatter::render);

    private final Function<List<StatRow>, String> renderer;

    StatFormat(Function<List<StatRow>, String> renderer) {
        this.renderer = renderer;
    }

    /** The whole answer, ending with the blank line. */
    public String render(List<StatRow> rows) {
        return renderer.apply(rows);
    }
}
