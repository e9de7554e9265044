package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the tests start from the packaged jar, as a user or an init system would: its own process,
 * its output in a log file, stopped by SIGTERM ({@link #sigterm()}) or SIGKILL ({@link #kill9()}).
 * Its environment holds nothing of the test's {@code ROOTWATCH_*} or {@code AWS_*} variables but what
 * the test gives it, and made-up AWS credentials, so it can never reach real AWS.
 */
final class JavaProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "rootwatch.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private JavaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code java -Xmx512m -jar rootwatch.jar <arguments>}. */
    static JavaProcess rootwatch(Path workDir, Path log, Map<String, String> environment, String... arguments) {
        assertThat(JAR).as("the packaged jar (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return start(command, workDir, log, environment);
    }

    /** {@code java -Xmx<heap> -cp rootwatch.jar <mainClass> <arguments>}: a service main, or Kafka's own broker. */
    static JavaProcess main(String heap, String mainClass, Path workDir, Path log, Map<String, String> environment,
                            String... arguments) {
        assertThat(JAR).as("the packaged jar (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-cp", JAR.toString(), mainClass));
        command.addAll(List.of(arguments));
        return start(command, workDir, log, environment);
    }

    private static JavaProcess start(List<String> command, Path workDir, Path log, Map<String, String> environment) {
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("ROOTWATCH_") || k.startsWith("AWS_"));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "AKIAROOTWATCHTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "rootwatch-test-secret");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("ROOTWATCH_POSTURE_ENABLED", "false");
            env.putAll(environment);
            return new JavaProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A loopback port free now, for a process's {@code http.port}. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Time since the process was started. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** SIGTERM: the orderly stop a service manager asks for. */
    void sigterm() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. Returns once the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** Waits for the exit; returns the exit code, or null when it did not end within {@code timeout}. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Whether {@code /readyz} on {@code port} answers 200 now. */
    static boolean ready(int port) {
        return get(port, "/readyz").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** The Prometheus text of {@code /metrics} on {@code port}, or "" while it does not answer. */
    static String metrics(int port) {
        return get(port, "/metrics").filter(r -> r.statusCode() == 200).map(HttpResponse::body).orElse("");
    }

    private static Optional<HttpResponse<String>> get(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
