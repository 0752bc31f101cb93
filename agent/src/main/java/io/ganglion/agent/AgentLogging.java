package io.ganglion.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The agent's logging: one line per decision on stderr ({@code 2026-12-03T11:46:00.000Z INFO  [thread]
 * Logger: message}), wherever its supervisor sends it; the root at {@code GANGLION_LOG_LEVEL} (a
 * system property or the environment; INFO by default). ZooKeeper's client at ERROR: it logs a stack
 * trace for every reconnection attempt (about one a second), and {@code ZooKeeperConnectionLog} says
 * the same in one line at growing intervals. Curator at WARN.
 *
 * <p>Set up in code, not in an XML file: reading {@code agent-logback.xml} loaded logback's XML
 * parser, its model and the JDK's xerces, about 300 classes of every agent's memory (issue 18), as
 * {@code BalancerLogging} found for the balancer. Ranked above {@code BalancerLogging}, whose jar
 * is on the agent's classpath too (the bundled balancer runs without the agent's jar and gets its
 * own). As that one, it gives way to a {@code logback.configurationFile} and a
 * {@code logback-test.xml}. Found by logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class AgentLogging extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "GANGLION_LOG_LEVEL";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || AgentLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("org.apache.zookeeper").setLevel(Level.ERROR);
        context.getLogger("org.apache.curator").setLevel(Level.WARN);
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
