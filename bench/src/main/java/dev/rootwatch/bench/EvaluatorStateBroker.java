package dev.rootwatch.bench;

import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * rootwatch's embedded Kafka broker in a JVM of its own, so that the JVM the bench measures holds
 * the evaluator and nothing of the broker: in production the evaluator runs beside a Kafka
 * cluster, not inside one. The child prints {@code bootstrap=host:port} once the broker is up
 * and stops it when its standard input closes; {@link #close()} closes it and waits.
 */
final class EvaluatorStateBroker implements AutoCloseable {

    private static final String READY = "bootstrap=";
    private static final long STOP_SECONDS = 30;

    private final Process process;
    private final String bootstrapServers;
    private final Path log;

    private EvaluatorStateBroker(Process process, String bootstrapServers, Path log) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
    }

    /** The broker's side: start, say where, run until the bench closes our standard input. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing is sent; end of input means stop
            }
        }
    }

    /** Starts the broker in a child JVM on this JVM's class path; returns once it accepts connections. */
    static EvaluatorStateBroker start() {
        try {
            Path log = Files.createTempFile("rootwatch-bench-broker-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    EvaluatorStateBroker.class.getName()))
                    .redirectError(log.toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(READY)) {
                    drain(out);
                    return new EvaluatorStateBroker(process, line.substring(READY.length()).trim(), log);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the bench's Kafka broker did not start; its log: " + log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bench's Kafka broker", e);
        }
    }

    /**
     * Keeps reading the child's standard output: whatever the broker's libraries print there
     * (Log4j's default console logging, for one) must never fill the pipe and stall the broker.
     */
    private static void drain(BufferedReader out) {
        Thread drainer = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // dropped: the bench prints its own report
                }
            } catch (IOException e) {
                // the child has gone
            }
        }, "bench-broker-stdout");
        drainer.setDaemon(true);
        drainer.start();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException e) {
            // the child may be gone already; waiting below settles it
        }
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover log in the temp directory is harmless
        }
    }
}
