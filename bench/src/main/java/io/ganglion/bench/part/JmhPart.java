package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code jmh}: the microbenchmarks of the hot spots ({@code io.ganglion.bench.jmh}), one fork each,
 * short iterations: enough to show whether a cost is flat in the server count. For precise
 * figures run JMH's own main with its usual options on the same classpath.
 */
public final class JmhPart {
    private JmhPart() {
    }

    public static void run(BenchContext ctx) {
        ctx.say("== jmh");
        Options options = new OptionsBuilder()
                .include("io\\.ganglion\\.bench\\.jmh\\..*")
                .forks(1)
                .jvmArgsAppend(io.ganglion.bench.BenchMain.LOGGING_PROPERTIES.toArray(String[]::new))
                // Five warm-up seconds: the HTTP header path is not at steady state after two.
                .warmupIterations(5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .build();
        try {
            Collection<RunResult> results = new Runner(options, OutputFormatFactory.createFormatInstance(ctx.console(), VerboseMode.SILENT)).run();
            for (RunResult r : results) {
                var primary = r.getPrimaryResult();
                ctx.say("   %-60s %-28s %10.1f ± %.1f %s", r.getParams().getBenchmark().replace("io.ganglion.bench.jmh.", ""),
                        params(r), primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
            }
        } catch (RunnerException e) {
            ctx.say("   jmh failed: %s", e.getMessage());
        }
    }

    private static String params(RunResult r) {
        StringBuilder out = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            out.append(String.format(Locale.ROOT, "%s=%s ", key, r.getParams().getParam(key)));
        }
        return out.toString().trim();
    }
}
