package dev.rootwatch.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code rootwatch run}, as its users start it, in a process of its own: {@code java
 * <flags> -jar rootwatch.jar run --config FILE}. Its environment is cleaned of the caller's
 * {@code ROOTWATCH_*} settings and AWS identity, then given made-up AWS credentials, a region and
 * an endpoint on loopback, so that nothing it does can reach AWS. Its standard output and error
 * go to files in the bench's temporary directory (and into the error when it fails to start).
 *
 * <p>The process is ended by {@link #close} (SIGTERM, then SIGKILL if it does not stop in time),
 * and by a shutdown hook if the bench itself is interrupted first.
 */
final class LiveRootwatchProcess implements AutoCloseable {

    /** rootwatch drains in-flight work on SIGTERM; the bench does not need to wait for all of it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;
    private final Thread hook;
    private final long startedNanos = System.nanoTime();

    private LiveRootwatchProcess(Process process, Path stdout, Path stderr, List<String> command) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
        this.hook = new Thread(this::kill, "livebench-kill-rootwatch");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code rootwatch run}.
     *
     * @param jar         rootwatch.jar (its lib/ directory beside it)
     * @param javaOptions JVM flags, e.g. {@code -Xmx512m}
     * @param config      the configuration file
     * @param environment variables added to the cleaned environment (AWS settings, the webhook key)
     * @param workDir     where its temporary files, standard output and standard error go
     */
    static LiveRootwatchProcess start(Path jar, List<String> javaOptions, Path config, Map<String, String> environment,
                                      Path workDir) throws IOException {
        Path tmp = Files.createDirectories(workDir.resolve("rootwatch-tmp"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        // the JVM prints the flags it settled on (heap, collector) as the first line of standard output
        command.add("-XX:+PrintCommandLineFlags");
        // the data directory (data.dir, relative to the working directory) and temporary files go under the bench's
        // directory, deleted after
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "run", "--config", config.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Path out = workDir.resolve("rootwatch.stdout");
        Path err = workDir.resolve("rootwatch.stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ROOTWATCH_") || name.startsWith("AWS_"));
        env.putAll(environment);
        return new LiveRootwatchProcess(builder.start(), out, err, List.copyOf(command));
    }

    long pid() {
        return process.pid();
    }

    List<String> command() {
        return command;
    }

    /** Waits until {@code /readyz} answers 200; returns how long rootwatch took to get there. */
    Duration awaitReady(int httpPort, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rootwatch run exited with status " + process.exitValue() + " before it was ready"
                        + failureContext());
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("rootwatch run was not ready within " + timeout.toSeconds() + " s" + failureContext());
    }

    /** The flags the JVM settled on ({@code -XX:+PrintCommandLineFlags}), or an empty text if not printed yet. */
    String jvmFlags() throws IOException {
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith("-XX:")) {
                return line.strip();
            }
        }
        return "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The end of rootwatch's standard error, to explain a failure. */
    String failureContext() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            return "\n--- last lines of rootwatch's standard error (" + stderr.getFileName() + ") ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return " (its standard error could not be read: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; returns once the process is gone. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    kill();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (process.isAlive()) {
                kill(); // interrupted while waiting: never leave rootwatch running
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook does the work
            }
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
