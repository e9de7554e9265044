package dev.rootwatch.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.ConfigReference;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.common.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code rootwatch} command. */
@Command(name = "rootwatch", mixinStandardHelpOptions = true, versionProvider = Rootwatch.Version.class,
        description = "Watches that the root user of every AWS account has MFA, and tells on-call when that stops being true.",
        subcommands = {Rootwatch.Demo.class, Rootwatch.Replay.class, RunCommand.class, NotifyTestCommand.class,
                Rootwatch.ConfigReferenceCommand.class})
public final class Rootwatch implements Callable<Integer> {

    static final int CONFIG_ERROR = 2;
    /** A signal stopped a command whose data is temporary (demo) before its end: what it had not delivered is lost. */
    static final int STOPPED_INCOMPLETE = 3;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Rootwatch(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Rootwatch(System.getenv(), System.out, System.err).execute(args));
    }

    int execute(String... args) {
        // temporary data directories that killed demo or replay runs left behind
        DataDirectory.sweepOrphans();
        CommandLine cli = new CommandLine(this, new Factory(this));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("rootwatch: configuration error: " + e.getMessage());
                return CONFIG_ERROR;
            }
            err.println("rootwatch: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 0;
    }

    Map<String, String> environment() {
        return environment;
    }

    PrintStream out() {
        return out;
    }

    Config loadConfig(Path file) {
        return ConfigLoader.load(file, environment);
    }

    /** The registry of the one-JVM command: as every service's, its meters tagged {@code service=rootwatch}. */
    static PrometheusMeterRegistry newRegistry() {
        return ServiceRuntime.registry("rootwatch");
    }

    /** How long a signalled demo may take to stop its services and its broker. */
    static final java.time.Duration DEMO_STOP_TIMEOUT = java.time.Duration.ofSeconds(60);

    @Command(name = "demo", description = "Runs rootwatch on an embedded Kafka broker with bundled sample CloudTrail and posture;"
            + " prints alerts as they fire and ends by itself. Needs no AWS account.")
    static final class Demo implements Callable<Integer> {
        private final Rootwatch root;

        @Option(names = "--config", description = "YAML configuration file")
        Path config;

        Demo(Rootwatch root) {
            this.root = root;
        }

        @Override
        public Integer call() throws Exception {
            Config cfg = root.loadConfig(config).with(Settings.NOTIFIER_FILE_PATH, "");
            if (config == null) {
                cfg = cfg.with(Settings.HTTP_PORT, 0);
            }
            GracefulShutdown shutdown = GracefulShutdown.onSignal(DEMO_STOP_TIMEOUT);
            int status = 1;
            try {
                status = new DemoRunner(cfg, newRegistry(), root.out).run(shutdown::isStopRequested);
                return status;
            } finally {
                shutdown.finished(status);
            }
        }
    }

    @Command(name = "replay", description = "Runs the real pipeline over CloudTrail files, directories and posture objects,"
            + " writes one rootwatch.alert/v1 JSON line per alert to --alerts-out and prints a one-line JSON summary.")
    static final class Replay implements Callable<Integer> {
        private final Rootwatch root;

        @Option(names = "--alerts-out", required = true, description = "file to write the alerts to (JSON Lines; replaced)")
        Path alertsOut;

        @Option(names = "--config", description = "YAML configuration file")
        Path config;

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "files or directories (read recursively, in path order)")
        List<Path> inputs;

        Replay(Rootwatch root) {
            this.root = root;
        }

        @Override
        public Integer call() throws Exception {
            Config cfg = root.loadConfig(config)
                    .with(Settings.NOTIFIER_CONSOLE_ENABLED, false)
                    .with(Settings.NOTIFIER_FILE_PATH, alertsOut.toString());
            ReplaySummary summary = new ReplayRunner(cfg, newRegistry()).run(inputs, alertsOut);
            root.out.println(toJson(summary));
            return 0;
        }

        private static String toJson(ReplaySummary summary) throws JsonProcessingException {
            return Json.mapper().writeValueAsString(summary);
        }
    }

    @Command(name = "config-reference", description = "Prints the configuration reference table (Markdown).")
    static final class ConfigReferenceCommand implements Callable<Integer> {
        private final Rootwatch root;

        ConfigReferenceCommand(Rootwatch root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            root.out.print(ConfigReference.markdown());
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rootwatch.class.getPackage().getImplementationVersion();
            return new String[] {"rootwatch " + (v == null ? "(development build)" : v)};
        }
    }

    /** Hands each subcommand the top-level command, so they share its environment and streams. */
    private record Factory(Rootwatch root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Rootwatch.class).newInstance(root);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
