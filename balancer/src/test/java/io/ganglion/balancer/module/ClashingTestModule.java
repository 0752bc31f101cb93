package io.ganglion.balancer.module;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.SectionKind;
import java.util.List;

/** A test module that declares {@code balance} again, which the {@code lb} package owns. */
public final class ClashingTestModule implements BalancerModule {
    @Override
    public String name() {
        return "clash-test";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return List.of(KeywordRow.of("balance", SectionKind.BACKEND_SIDE, (ctx, args) -> { }));
    }
}
