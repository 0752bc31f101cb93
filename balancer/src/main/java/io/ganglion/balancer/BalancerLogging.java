package io.ganglion.balancer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The balancer's own messages (state changes, alerts) on stderr, one line each as HAProxy's:
 * {@code [LEVEL] message}; {@code io.netty} at WARN; the root at {@code GANGLION_LOG_LEVEL} (a system
 * property or the environment; INFO by default). Access logs do not pass through here: they go to
 * the configured {@code log} target.
 *
 * <p>Set up in code, not in a {@code logback.xml}: reading one (logback's XML parser, its model and
 * their classes) was about 160 ms of CPU and 7 MiB of a cold balancer's start (issue 18). As the
 * {@code logback.xml} this replaces, it gives way to a {@code logback.configurationFile} and to a
 * {@code logback-test.xml}: every JVM that names its own configuration (the agent, the examples,
 * the tests of other modules) is configured as before. Found by logback through
 * {@code META-INF/services}.
 */
public final class BalancerLogging extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "GANGLION_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || BalancerLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("[%level] %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback read {@code ${GANGLION_LOG_LEVEL:-INFO}}: a system property, else the environment; a wrong name is DEBUG. */
    private static Level rootLevel() {
        String level = System.getProperty(LEVEL_VARIABLE);
        if (level == null) {
            level = System.getenv(LEVEL_VARIABLE);
        }
        return level == null ? Level.INFO : Level.toLevel(level);
    }
}
