package io.ganglion.balancer.module;

import io.ganglion.balancer.rules.ArgumentSpec;
import io.ganglion.balancer.rules.Fetch;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.SampleType;
import io.ganglion.balancer.rules.SampleUse;
import java.util.List;

/**
 * A sample fetch a package declares in {@link BalancerModule#sampleFetches()} ({@code src},
 * {@code req.hdr}, and from the stick-table issue {@code sc_*}): its name, its arguments, the type
 * it returns (which also gives an ACL's default matching method) and how it is compiled at load
 * with its arguments into a {@link Fetch} the data path calls.
 *
 * <pre>{@code
 * FetchKeyword.of("src", SampleType.ADDR, (stream, message) -> Sample.address(stream.client().getAddress()))
 * }</pre>
 */
public record FetchKeyword(String name, ArgumentSpec arguments, SampleType output, Compiler compiler, SampleUse use) {

    /** A fetch usable anywhere (internal values, the connection's addresses). */
    public FetchKeyword(String name, ArgumentSpec arguments, SampleType output, Compiler compiler) {
        this(name, arguments, output, compiler, SampleUse.ANYWHERE);
    }

    /** This fetch, needing {@code what} of the stream. */
    public FetchKeyword needing(SampleUse what) {
        return new FetchKeyword(name, arguments, output, compiler, what);
    }

    /** Builds the fetch from its arguments, already parsed to their types, once per use in the configuration. */
    @FunctionalInterface
    public interface Compiler {
        Fetch compile(List<Object> args, RuleScope scope) throws RuleException;
    }

    /** A fetch without arguments. */
    public static FetchKeyword of(String name, SampleType output, Fetch fetch) {
        return new FetchKeyword(name, ArgumentSpec.NONE, output, (args, scope) -> fetch);
    }
}
