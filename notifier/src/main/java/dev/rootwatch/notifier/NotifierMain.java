package dev.rootwatch.notifier;

import dev.rootwatch.common.runtime.RunningService;
import dev.rootwatch.common.runtime.ServiceContext;
import dev.rootwatch.common.runtime.ServiceRuntime;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier as its own service: {@code java -cp rootwatch.jar dev.rootwatch.notifier.NotifierMain [--config FILE]}.
 * Ready once every sink's consumer has its partitions; a stop delivers for {@code notifier.drainTimeout}
 * and leaves the rest in Kafka, saying how many alerts that is.
 */
public final class NotifierMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(NotifierMain.class);
    /** Beyond the drain: abandoning calls still running, the last commits, closing the clients. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    private NotifierMain() {
    }

    public static void main(String[] args) {
        System.exit(ServiceRuntime.main("notifier", args, System.getenv(), System.out, System.err,
                config -> NotifierSettings.from(config).drainTimeout().plus(STOP_MARGIN), NotifierMain::start));
    }

    static RunningService start(ServiceContext context) {
        NotifierSettings settings = NotifierSettings.from(context.config());
        NotifierService notifier = new NotifierService(context.bootstrapServers(), context.topics(), settings.groupId(),
                settings.createSinks(), context.registry(), settings.deliveryPolicy(), settings.drainTimeout());
        notifier.start();
        return new RunningService() {
            @Override
            public boolean ready() {
                return notifier.isReady();
            }

            @Override
            public void stop() {
                PendingDeliveries left = notifier.stop();
                if (!left.none()) {
                    LOGGER.warn("{} alerts pending delivery, kept in Kafka for the next notifier of the groups bySink={}",
                            left.alerts(), left.bySink());
                }
            }
        };
    }
}
