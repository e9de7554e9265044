package dev.rootwatch.standalone.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import dev.rootwatch.common.text.LogSafe;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * rootwatch's logging, set up in code when logback starts (found as a logback {@link Configurator}
 * service): every log line goes to standard error, since standard output belongs to alerts (demo) and
 * the replay summary. {@code ROOTWATCH_LOG_FORMAT=json} writes one JSON object per line (for log
 * shippers), {@code ROOTWATCH_LOG_LEVEL} sets rootwatch's own level (INFO by default); Kafka's own
 * loggers and everything else log warnings and errors only. In text, nothing an input puts into a
 * message or an exception's message can split a line or colour a terminal ({@link InertMessageConverter},
 * {@link InertThrowableConverter}).
 *
 * <p>Set up in code rather than read from a {@code logback.xml}: parsing XML and building logback's
 * configuration model took about 0.15 s on every start, before rootwatch could do anything.
 * A {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still takes
 * precedence, as logback's own order has it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String FORMAT_VARIABLE = "ROOTWATCH_LOG_FORMAT";
    static final String LEVEL_VARIABLE = "ROOTWATCH_LOG_LEVEL";
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %inertMessage%n%inertException";

    private final UnaryOperator<String> environment;
    private final BooleanSupplier userConfigured;

    /** The configuration logback finds as a service: reads the process environment, the system properties, the class path. */
    public LogConfiguration() {
        this(System::getenv, () -> userConfigured(System::getProperty,
                name -> LogConfiguration.class.getClassLoader().getResource(name) != null));
    }

    /**
     * @param userConfigured whether a logback configuration file takes precedence (see {@link #userConfigured})
     */
    LogConfiguration(UnaryOperator<String> environment, BooleanSupplier userConfigured) {
        this.environment = environment;
        this.userConfigured = userConfigured;
    }

    /** Whether logback is to read a configuration file instead: one named by its system property, or a test's. */
    static boolean userConfigured(UnaryOperator<String> systemProperties, Predicate<String> onClassPath) {
        return systemProperties.apply(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || onClassPath.test(ContextInitializer.TEST_AUTOCONFIG_FILE);
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfigured.getAsBoolean()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // logback reports its own configuration problems nowhere: standard output belongs to alerts and summaries
        context.getStatusManager().add(new NopStatusListener());

        String format = value(FORMAT_VARIABLE, "text");
        boolean json = format.equalsIgnoreCase("json");
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(json ? "json" : "text");
        appender.setTarget("System.err");
        appender.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        appender.start();

        String levelName = value(LEVEL_VARIABLE, "INFO");
        Level level = Level.toLevel(levelName, null);
        context.getLogger("dev.rootwatch").setLevel(level == null ? Level.INFO : level);
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        context.getLogger("kafka").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);

        ch.qos.logback.classic.Logger own = context.getLogger(LogConfiguration.class);
        if (!json && !format.equalsIgnoreCase("text")) {
            own.warn("{} is neither text nor json, logging text format={}", FORMAT_VARIABLE, LogSafe.inert(format));
        }
        if (level == null) {
            own.warn("{} is no log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF), logging INFO level={}", LEVEL_VARIABLE,
                    LogSafe.inert(levelName));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private String value(String variable, String otherwise) {
        String value = environment.apply(variable);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        // the pattern's own conversion words, known to the context before the pattern is parsed
        Map<String, Supplier<DynamicConverter>> words = new HashMap<>();
        words.put("inertMessage", InertMessageConverter::new);
        words.put("inertException", InertThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, words);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithContext(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();
        return encoder;
    }
}
