package dev.rootwatch.standalone;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.notifier.NotifierSettings;
import dev.rootwatch.notifier.NotifyTest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rootwatch notify-test --sink NAME}: the thin command around {@link NotifyTest}. */
@Command(name = "notify-test", description = "Sends a clearly labelled TEST alert to one configured sink and prints the outcome;"
        + " exit code 0 when the receiver took it, 1 when not.")
final class NotifyTestCommand implements Callable<Integer> {

    private final Rootwatch root;

    @Spec
    CommandSpec spec;

    @Option(names = "--sink", required = true, paramLabel = "NAME", description = "name of the sink (notifier.sinks[].name, or console / file)")
    String sink;

    @Option(names = "--config", description = "YAML configuration file")
    Path config;

    @Option(names = "--resolve", description = "also send the matching RESOLVED, closing the test incident in PagerDuty or Alertmanager")
    boolean resolve;

    NotifyTestCommand(Rootwatch root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Config cfg = root.loadConfig(config);
        NotifierSettings settings = NotifierSettings.from(cfg, root.environment());
        PrintWriter out = spec.commandLine().getOut();
        List<NotifyTest.Outcome> outcomes = new NotifyTest(settings, root.out()).run(sink, resolve);
        boolean delivered = true;
        for (NotifyTest.Outcome outcome : outcomes) {
            out.println("rootwatch notify-test: " + outcome.describe());
            delivered &= outcome.delivered();
        }
        out.flush();
        return delivered ? 0 : 1;
    }
}
