package dev.rootwatch.standalone.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rootwatch's own logging configuration ({@code logback.xml}, text format) against attacker text:
 * whatever a message or an exception's message holds, it stays on its own line and cannot colour
 * a terminal.
 */
class InertLogLinesTest {

    private static final String HOSTILE = "200000000047\n[FAKE LOG LINE] ERROR all good\r\u001b[31mred\u001b[0m\u0000\u2028end";

    @Test
    void aMessageOrAnExceptionHoldingNewlinesAndEscapeSequencesStaysOnItsLinesAndInert() throws Exception {
        // Given rootwatch's logback.xml writing to a captured standard error
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(InertLogLinesTest.class.getResource("/logback.xml"));
            Logger logger = context.getLogger("dev.rootwatch.test");

            // When a message, an argument and an exception carry attacker text
            logger.warn("dead letter location={}", HOSTILE);
            logger.error("failed " + HOSTILE, new IllegalStateException(HOSTILE, new RuntimeException(HOSTILE)));
        } finally {
            context.stop();
            System.setErr(stderr);
        }

        // Then no control character but line ends reaches the log, and no line begins with the forged text
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\u001b", "\r", "\u0000", "\u2028");
        List<String> lines = log.lines().toList();
        assertThat(lines).noneMatch(line -> line.startsWith("[FAKE"));
        assertThat(lines.get(0)).contains("WARN").contains("dead letter location=200000000047\\n[FAKE LOG LINE]").contains("\\u001b[31m");
        assertThat(lines.get(1)).contains("ERROR");
        assertThat(lines).filteredOn(line -> line.contains("IllegalStateException")).singleElement().asString()
                .contains("\\n[FAKE LOG LINE]");
        assertThat(lines).filteredOn(line -> line.startsWith("Caused by")).singleElement().asString().contains("\\u001b");
    }
}
