package dev.rootwatch.standalone.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * rootwatch's own logging configuration ({@link LogConfiguration}) as a user sees it on standard
 * error: attacker text stays inert in the text format, the JSON format writes one object per line,
 * and {@code ROOTWATCH_LOG_LEVEL} and {@code ROOTWATCH_LOG_FORMAT} do what the README says.
 */
class InertLogLinesTest {

    private static final String HOSTILE = "200000000047\n[FAKE LOG LINE] ERROR all good\r\u001b[31mred\u001b[0m\u0000\u2028end";

    @Test
    void aMessageOrAnExceptionHoldingNewlinesAndEscapeSequencesStaysOnItsLinesAndInert() {
        // Given rootwatch's logging in its default text format
        // When a message, an argument and an exception carry attacker text
        String log = logged(Map.of(), context -> {
            Logger logger = context.getLogger("dev.rootwatch.test");
            logger.warn("dead letter location={}", HOSTILE);
            logger.error("failed " + HOSTILE, new IllegalStateException(HOSTILE, new RuntimeException(HOSTILE)));
        });

        // Then no control character but line ends reaches the log, and no line begins with the forged text
        assertThat(log).doesNotContain("\u001b", "\r", "\u0000", "\u2028");
        List<String> lines = log.lines().toList();
        assertThat(lines).noneMatch(line -> line.startsWith("[FAKE"));
        assertThat(lines.get(0)).contains("WARN").contains("[main] test - dead letter location=200000000047\\n[FAKE LOG LINE]")
                .contains("\\u001b[31m");
        assertThat(lines.get(1)).contains("ERROR");
        assertThat(lines).filteredOn(line -> line.contains("IllegalStateException")).singleElement().asString()
                .contains("\\n[FAKE LOG LINE]");
        assertThat(lines).filteredOn(line -> line.startsWith("Caused by")).singleElement().asString().contains("\\u001b");
    }

    @Test
    void theJsonFormatWritesOneObjectPerLineWithTheFormattedMessage() throws Exception {
        // Given ROOTWATCH_LOG_FORMAT=json
        // When rootwatch logs a message with attacker text in an argument
        String log = logged(Map.of("ROOTWATCH_LOG_FORMAT", "json"), context ->
                context.getLogger("dev.rootwatch.collector.Test").info("dead letter location={}", HOSTILE));

        // Then standard error holds one JSON object, its message formatted and every control character escaped
        List<String> lines = log.lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("dev.rootwatch.collector.Test");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("dead letter location=" + HOSTILE);
    }

    @Test
    void theLevelVariableSetsRootwatchsLevelAndKafkaStaysAtWarnings() {
        // Given ROOTWATCH_LOG_LEVEL=debug
        // When rootwatch and Kafka log at debug and info
        String log = logged(Map.of("ROOTWATCH_LOG_LEVEL", "debug"), context -> {
            context.getLogger("dev.rootwatch.evaluator.Test").debug("rootwatch debug");
            context.getLogger("org.apache.kafka.clients.Test").info("kafka info");
            context.getLogger("kafka.server.Test").info("broker info");
            context.getLogger("org.apache.kafka.clients.Test").warn("kafka warning");
        });

        // Then rootwatch's debug line and Kafka's warning are logged, Kafka's info lines are not
        assertThat(log).contains("DEBUG", "rootwatch debug", "kafka warning").doesNotContain("kafka info", "broker info");
    }

    @Test
    void byDefaultRootwatchLogsInfoAndNoDebug() {
        String log = logged(Map.of(), context -> {
            context.getLogger("dev.rootwatch.evaluator.Test").debug("rootwatch debug");
            context.getLogger("dev.rootwatch.evaluator.Test").info("rootwatch info");
        });

        assertThat(log).contains("rootwatch info").doesNotContain("rootwatch debug");
    }

    @Test
    void anUnknownFormatOrLevelIsLoggedAsTextAtInfoAndSaysSo() {
        // Given values that are no format and no level
        // When rootwatch logs
        String log = logged(Map.of("ROOTWATCH_LOG_FORMAT", "xml", "ROOTWATCH_LOG_LEVEL", "loud\u001b[31m"), context -> {
            context.getLogger("dev.rootwatch.evaluator.Test").debug("rootwatch debug");
            context.getLogger("dev.rootwatch.evaluator.Test").info("rootwatch info");
        });

        // Then it logs text at INFO, and first says which values it could not use (inert)
        List<String> lines = log.lines().toList();
        assertThat(lines.get(0)).contains("WARN", "ROOTWATCH_LOG_FORMAT is neither text nor json", "format=xml");
        assertThat(lines.get(1)).contains("WARN", "ROOTWATCH_LOG_LEVEL is no log level", "level=loud\\u001b[31m");
        assertThat(lines.get(2)).contains(" INFO  [main] Test - rootwatch info");
        assertThat(log).doesNotContain("rootwatch debug", "\u001b");
    }

    @Test
    void aConfigurationFileNamedByTheUserOrATestsFileTakesPrecedence() {
        // Given -Dlogback.configurationFile, or a logback-test.xml on the class path
        assertThat(LogConfiguration.userConfigured(Map.of("logback.configurationFile", "user.xml")::get, name -> false)).isTrue();
        assertThat(LogConfiguration.userConfigured(name -> null, "logback-test.xml"::equals)).isTrue();
        assertThat(LogConfiguration.userConfigured(name -> null, "logback.xml"::equals)).isFalse();
        LoggerContext context = new LoggerContext();
        LogConfiguration configuration = new LogConfiguration(name -> null, () -> true);
        configuration.setContext(context);

        // When logback asks rootwatch's configuration first, then it leaves the context to that file
        assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    /** What rootwatch's logging writes to standard error, configured from {@code environment}, while {@code logging} runs. */
    private static String logged(Map<String, String> environment, Consumer<LoggerContext> logging) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogConfiguration configuration = new LogConfiguration(environment::get, () -> false);
            configuration.setContext(context);
            assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            logging.accept(context);
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
