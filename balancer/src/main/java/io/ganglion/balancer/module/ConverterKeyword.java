package io.ganglion.balancer.module;

import io.ganglion.balancer.rules.ArgumentSpec;
import io.ganglion.balancer.rules.Converter;
import io.ganglion.balancer.rules.RuleException;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.SampleType;
import java.util.List;

/**
 * A converter a package declares in {@link BalancerModule#converters()} ({@code lower},
 * {@code map_ip}...): its name, arguments, the type it takes and the type it gives, and how it is
 * compiled at load (a map converter loads its file then).
 */
public record ConverterKeyword(String name, ArgumentSpec arguments, SampleType input, SampleType output,
        Compiler compiler) {

    @FunctionalInterface
    public interface Compiler {
        Converter compile(List<Object> args, RuleScope scope) throws RuleException;
    }

    /** A converter without arguments. */
    public static ConverterKeyword of(String name, SampleType input, SampleType output, Converter converter) {
        return new ConverterKeyword(name, ArgumentSpec.NONE, input, output, (args, scope) -> converter);
    }
}
